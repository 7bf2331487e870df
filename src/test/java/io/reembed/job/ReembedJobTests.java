package io.reembed.job;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.reembed.cli.FailureReasons;
import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoTable;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.store.CollectionSpec;
import io.reembed.store.PointIds;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.FaultInjectingVectorStore;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-embedding demo issues with real local models, all-MiniLM-L6-v2 to bge-small-en-v1.5, on H2 and Lucene.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.cli.enabled=false",
		"reembed.job.grid-size=2", "reembed.job.chunk-size=25", "reembed.quality.sample-size=40" })
@SpringBatchTest
@Import(ReembedJobTests.ReembedTestConfiguration.class)
@DirtiesContext
class ReembedJobTests {

	private static final String FROM = "all-minilm-l6-v2";

	private static final String TO = "bge-small-en-v15";

	private static final String DEGRADED = "degraded-bge-small";

	private static final String CLIENT = "42";

	private static final String ALIAS = AliasNames.of("issues", CLIENT);

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	Job reembedJob;

	@Autowired
	BackfillLauncher backfillLauncher;

	@Autowired
	ReembedLauncher reembedLauncher;

	@Autowired
	TableCollections tableCollections;

	@Autowired
	FaultInjectingVectorStore store;

	@Autowired
	EmbeddingProviders providers;

	@Autowired
	DataSource dataSource;

	@Autowired
	BackfillTargets backfillTargets;

	private Set<UUID> expectedIds;

	@BeforeEach
	void backfillDemoIssuesWithTheSourceModel() throws Exception {
		this.jobOperatorTestUtils.setJob(this.reembedJob);
		this.jobRepositoryTestUtils.removeJobExecutions();
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		jdbcTemplate.update("DELETE FROM reembed_alias_switch");
		jdbcTemplate.update("DELETE FROM reembed_dead_letter");
		jdbcTemplate.execute("DROP TABLE IF EXISTS issues");
		this.store.deleteAlias(ALIAS);
		for (String collection : this.store.collections()) {
			this.store.deleteCollection(collection);
		}
		this.store.heal();
		DemoDataGenerator generator = new DemoDataGenerator(this.dataSource, DemoDataGenerator.DEFAULT_SEED);
		generator.createTables();
		generator.generate(DemoTable.ISSUES, 120);
		JobExecution backfill = this.backfillLauncher
			.launch(new BackfillParameters("issues", CLIENT, "content", FROM, null));
		assertThat(backfill.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		this.expectedIds = this.store.pointIds(ALIAS, CLIENT);
		assertThat(this.expectedIds).isNotEmpty();
	}

	@Test
	void aReembedFillsANewCollectionSwitchesTheAliasAndARollbackRestoresTheOldOne() throws Exception {
		// when
		JobExecution execution = this.reembedLauncher.launch(reembed(TO));

		// then
		assertThat(execution.getStatus()).as(FailureReasons.of(execution)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getStepExecutions()).extracting((step) -> step.getStepName())
			.contains(ReembedJobConfiguration.VALIDATE_STEP, ReembedJobConfiguration.EMBED_STEP,
					ReembedJobConfiguration.VERIFY_STEP, ReembedJobConfiguration.SWITCH_STEP,
					ReembedJobConfiguration.REPORT_STEP);
		// The embed and the catch-up run the same partition step; a restart tells their partitions apart by name.
		assertThat(execution.getStepExecutions()).extracting((step) -> step.getStepName())
			.contains(ReembedJobConfiguration.PARTITION_STEP + ":partition0",
					ReembedJobConfiguration.CATCH_UP_PARTITION_STEP + ":partition0")
			.doesNotHaveDuplicates();
		String target = CollectionNames.of("issues", TO);
		assertThat(this.store.aliasTarget(ALIAS)).contains(target);
		assertThat(this.store.pointIds(target, CLIENT)).isEqualTo(this.expectedIds);
		assertThat(execution.getExecutionContext().getString(ReembedJobConfiguration.QUALITY_REPORT_KEY))
			.contains("Quality gate PASSED")
			.contains("recall@10");
		SearchHit top = searchThroughAlias(TO);
		assertThat(top.payload().get("model")).isEqualTo(this.providers.get(TO).model().fingerprint());

		String restored = this.tableCollections.rollback(ALIAS);

		assertThat(restored).isEqualTo(CollectionNames.of("issues", FROM));
		assertThat(this.store.aliasTarget(ALIAS)).contains(restored);
		assertThat(searchThroughAlias(FROM).payload().get("model"))
			.isEqualTo(this.providers.get(FROM).model().fingerprint());

		JobExecution again = this.reembedLauncher.launch(reembed(TO));

		assertThat(again.getStatus()).as(FailureReasons.of(again)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.aliasTarget(ALIAS)).contains(target);
		assertThat(again.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(ReembedJobConfiguration.PARTITION_STEP + ":"))
			.mapToLong((step) -> step.getExecutionContext().getLong(EmbeddingItemWriter.UNCHANGED, 0))
			.sum()).as("rows the kept collection holds with their current text, not embedded again")
			.isEqualTo(this.expectedIds.size());
	}

	@Test
	void aReaderOfTheAliasNeverSeesAnErrorOrAnEmptyResultWhileTheReembedRunsAndSwitches() throws Exception {
		// given
		EmbeddingProvider source = this.providers.get(FROM);
		EmbeddingProvider target = this.providers.get(TO);
		float[] sourceQuery = source.embed(List.of("login fails after password reset")).get(0);
		float[] targetQuery = target.embed(List.of("login fails after password reset")).get(0);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong searches = new AtomicLong();
		List<String> problems = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			while (running.get()) {
				try {
					// The query vector must come from the model of the collection the alias serves.
					boolean switched = this.store.aliasTarget(ALIAS)
						.filter(CollectionNames.of("issues", TO)::equals)
						.isPresent();
					List<SearchHit> hits = this.store.search(ALIAS,
							new SearchRequest("content", CLIENT, switched ? targetQuery : sourceQuery, 5));
					if (hits.isEmpty()) {
						problems.add("empty result");
					}
					searches.incrementAndGet();
				}
				catch (RuntimeException ex) {
					problems.add(ex.toString());
				}
			}
		}, "alias-reader");
		reader.start();

		// when
		JobExecution execution;
		try {
			execution = this.reembedLauncher.launch(reembed(TO));
		}
		finally {
			running.set(false);
			reader.join();
		}

		// then
		assertThat(execution.getStatus()).as(FailureReasons.of(execution)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.aliasTarget(ALIAS)).contains(CollectionNames.of("issues", TO));
		assertThat(searches.get()).isGreaterThan(10);
		assertThat(problems).isEmpty();
	}

	@Test
	void rowsChangedWhileAReembedRunsAreCurrentInTheNewCollectionAfterTheSwitch() throws Exception {
		// given
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		List<Long> ids = jdbcTemplate.queryForList("SELECT id FROM issues WHERE client_id = 42 AND active = TRUE "
				+ "ORDER BY id", Long.class);
		long editedByBackfill = ids.get(ids.size() / 2);
		long deleted = ids.get(1);
		String target = CollectionNames.of("issues", TO);
		AtomicReference<JobExecution> backfillMeanwhile = new AtomicReference<>();
		AtomicLong dualWrites = new AtomicLong();
		this.store.beforeFirstUpsertInto(target, () -> runInAnotherThread(() -> {
			// Every row changes after the embed step started: some of them it has read already. Another thread, so
			// that the changes commit on their own and not with the chunk being written.
			jdbcTemplate.update("UPDATE issues SET title = CONCAT('Edited: ', title), updated_at = ? "
					+ "WHERE client_id = 42", Timestamp.from(Instant.now()));
			jdbcTemplate.update("UPDATE issues SET title = 'Aquarium thermostat firmware reboots every full moon' "
					+ "WHERE id = ?", editedByBackfill);
			jdbcTemplate.update("DELETE FROM issues WHERE id = ?", deleted);
			backfillMeanwhile.set(this.backfillLauncher.launch(
					new BackfillParameters("issues", CLIENT, "content", FROM, null), BackfillOptions.INCREMENTAL));
			dualWrites.set(jdbcTemplate.queryForObject("SELECT COUNT(*) FROM reembed_vector_ref "
					+ "WHERE collection_name = ? AND job_execution_id = ?", Long.class, target,
					backfillMeanwhile.get().getId()));
			return null;
		}));

		// when
		JobExecution execution = this.reembedLauncher.launch(reembed(TO));

		// then
		assertThat(execution.getStatus()).as(FailureReasons.of(execution)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(backfillMeanwhile.get().getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.aliasTarget(ALIAS)).contains(target);
		assertThat(this.store.pointIds(target, CLIENT)).hasSize(this.expectedIds.size() - 1)
			.doesNotContain(PointIds.of(CLIENT, "issues", Long.toString(deleted)));
		EmbeddingProvider model = this.providers.get(TO);
		String fingerprint = model.model().fingerprint();
		SourceTable table = this.backfillTargets.resolve(new BackfillParameters("issues", CLIENT, "content", TO, null))
			.table();
		List<String> stale = new ArrayList<>();
		jdbcTemplate.query("SELECT * FROM issues WHERE client_id = 42 AND active = TRUE", (resultSet) -> {
			SourceRow row = SourceRowReaders.rowMapper(table).mapRow(resultSet, 0);
			String text = model.prepare(table.definition().template("content").render(row.values())).text();
			List<String> recorded = jdbcTemplate.queryForList("SELECT content_hash FROM reembed_vector_ref "
					+ "WHERE collection_name = ? AND vector_type = 'content' AND record_id = ?", String.class, target,
					row.recordId());
			if (!recorded.equals(List.of(ContentHashes.of(fingerprint, text)))) {
				stale.add(row.recordId());
			}
		});
		assertThat(stale).as("rows whose point in the new collection is not of their current text").isEmpty();
		// The re-embed's other partition may write some of the same rows again meanwhile, so not all are counted.
		assertThat(dualWrites.get()).as("rows the backfill wrote into the new collection as well").isPositive();
		assertThat(searchThroughAlias(TO, "thermostat firmware reboots during the full moon").id())
			.isEqualTo(PointIds.of(CLIENT, "issues", Long.toString(editedByBackfill)));
	}

	/** Runs the action to its end in another thread while the calling thread waits. */
	private static void runInAnotherThread(Callable<?> action) {
		FutureTask<?> task = new FutureTask<>(action);
		new Thread(task, "meanwhile").start();
		try {
			task.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	@Test
	void everyVectorTypeTheSourceCollectionHoldsMovesToTheNewCollection() throws Exception {
		// given
		JobExecution summaries = this.backfillLauncher
			.launch(new BackfillParameters("issues", CLIENT, "summary", FROM, null));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

		// when
		JobExecution execution = this.reembedLauncher.launch(reembed(TO));

		// then
		assertThat(summaries.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getStatus()).as(FailureReasons.of(execution)).isEqualTo(BatchStatus.COMPLETED);
		String target = CollectionNames.of("issues", TO);
		for (String vectorType : List.of("content", "summary")) {
			assertThat(jdbcTemplate.queryForObject("SELECT COUNT(*) FROM reembed_vector_ref "
					+ "WHERE collection_name = ? AND vector_type = ?", Long.class, target, vectorType))
				.as(vectorType)
				.isEqualTo(this.expectedIds.size());
		}
		EmbeddingProvider model = this.providers.get(TO);
		float[] query = model.embed(List.of("login fails after password reset")).get(0);
		assertThat(this.store.search(ALIAS, new SearchRequest("summary", CLIENT, query, 5))).hasSize(5);
	}

	@Test
	void aFailingQualityGateFailsTheJobWithItsReportAndLeavesTheAlias() throws Exception {
		// when
		JobExecution execution = this.reembedLauncher.launch(reembed(DEGRADED));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(FailureReasons.of(execution)).contains("Quality gate FAILED").contains("recall@10");
		assertThat(this.store.aliasTarget(ALIAS)).contains(CollectionNames.of("issues", FROM));
		assertThat(this.tableCollections.history(ALIAS)).extracting(TableCollections.Switch::reason)
			.containsExactly("backfill");
	}

	@Test
	void aFailedEmbeddingIsRestartedAndTheAliasSwitchesExactlyOnce() throws Exception {
		// given
		this.store.failUpsertNumber(2);
		JobExecution failed = this.reembedLauncher.launch(reembed(TO));
		String aliasAfterFailure = this.store.aliasTarget(ALIAS).orElseThrow();
		this.store.heal();

		// when
		JobExecution restarted = this.reembedLauncher.launch(reembed(TO));

		// then
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(aliasAfterFailure).isEqualTo(CollectionNames.of("issues", FROM));
		assertThat(restarted.getStatus()).as(FailureReasons.of(restarted)).isEqualTo(BatchStatus.COMPLETED);
		assertThat(restarted.getJobInstance().getId()).isEqualTo(failed.getJobInstance().getId());
		assertThat(this.store.pointIds(CollectionNames.of("issues", TO), CLIENT)).isEqualTo(this.expectedIds);
		assertThat(this.tableCollections.history(ALIAS)).extracting(TableCollections.Switch::reason)
			.containsExactly("reembed", "backfill");
	}

	@Test
	void badRequestsAreRefusedBeforeAnyWrite() throws Exception {
		// given
		ModelSpec to = this.providers.get(TO).model();
		this.store.ensureCollection(new CollectionSpec(CollectionNames.of("issues", TO), 768, to.fingerprint(),
				List.of("content")));

		// when
		JobExecution unknownModel = this.reembedLauncher.launch(reembed("text-embedding-9-huge"));
		JobExecution sameModel = this.reembedLauncher.launch(reembed(FROM));
		JobExecution otherDimensions = this.reembedLauncher.launch(reembed(TO));

		// then
		assertRefusedBeforeAnyWrite(unknownModel, "Unknown embedding model 'text-embedding-9-huge'");
		assertRefusedBeforeAnyWrite(sameModel, "Source and target model are both 'all-minilm-l6-v2'");
		assertRefusedBeforeAnyWrite(otherDimensions, "exists with 768-dimensional vectors");
		assertThat(this.store.describe(CollectionNames.of("issues", "text-embedding-9-huge"))).isEmpty();
		assertThat(this.store.count(CollectionNames.of("issues", TO), CLIENT)).isZero();
		assertThat(this.store.aliasTarget(ALIAS)).contains(CollectionNames.of("issues", FROM));
	}

	private void assertRefusedBeforeAnyWrite(JobExecution execution, String reason) {
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getStepExecutions()).extracting((step) -> step.getStepName())
			.containsExactly(ReembedJobConfiguration.VALIDATE_STEP);
		assertThat(FailureReasons.of(execution)).contains(reason);
	}

	private SearchHit searchThroughAlias(String model) {
		return searchThroughAlias(model, "login fails after password reset");
	}

	private SearchHit searchThroughAlias(String model, String text) {
		EmbeddingProvider provider = this.providers.get(model);
		float[] query = provider.embed(List.of(provider.prepare(text).text())).get(0);
		List<SearchHit> hits = this.store.search(ALIAS, new SearchRequest("content", CLIENT, query, 5));
		assertThat(hits).isNotEmpty();
		return hits.get(0);
	}

	private static ReembedParameters reembed(String to) {
		return new ReembedParameters("issues", CLIENT, "content", FROM, to, null);
	}

	/** The store with faults on demand, and a deliberately degraded copy of the target model. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ReembedTestConfiguration {

		@Bean
		@Primary
		FaultInjectingVectorStore faultInjectingVectorStore() {
			return new FaultInjectingVectorStore(new LuceneVectorStore(data.resolve("lucene-reembed")));
		}

		@Bean
		EmbeddingProvider degradedProvider() {
			return new DegradedEmbeddingProvider();
		}

	}

	/**
	 * A model whose vectors are noise, drawn anew on every call: a row's own text no longer finds it.
	 */
	static final class DegradedEmbeddingProvider implements EmbeddingProvider {

		private static final ModelSpec MODEL = new ModelSpec(DEGRADED, "test", "degraded", "1", 384, 512, true);

		private final Random random = new Random(3);

		@Override
		public ModelSpec model() {
			return MODEL;
		}

		@Override
		public PreparedText prepare(String text) {
			return new PreparedText(text, text.split("\\s+").length, false);
		}

		@Override
		public synchronized List<float[]> embed(List<String> texts) {
			return texts.stream().map((text) -> {
				float[] vector = new float[MODEL.dimensions()];
				for (int i = 0; i < vector.length; i++) {
					vector[i] = (float) this.random.nextGaussian();
				}
				return vector;
			}).collect(Collectors.toList());
		}

	}

}
