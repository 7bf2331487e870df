package io.reembed.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.cli.ExitCodes;
import io.reembed.cli.FailureReasons;
import io.reembed.cli.ReembedCommandLineRunner;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.store.CollectionSpec;
import io.reembed.store.PointIds;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.support.CountingEmbeddingProvider;
import io.reembed.support.FaultInjectingVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill job end to end on a real database, the hash provider and the Lucene store. Subclasses choose the
 * database.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.embedding.model=hash", "reembed.job.grid-size=3",
		"reembed.job.chunk-size=50", "reembed.cli.enabled=true", "reembed.job.retry.delay=10ms",
		"reembed.job.retry.jitter=5ms" })
@SpringBatchTest
@Import(BackfillTestConfiguration.class)
@DirtiesContext
abstract class AbstractBackfillJobTests {

	private static final String COLLECTION = CollectionNames.of("issues", "hash");

	private static final String NEWER_COLLECTION = CollectionNames.of("issues", "newer");

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	Job backfillJob;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	BackfillLauncher launcher;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ReembedCommandLineRunner commandLine;

	@Autowired
	FaultInjectingVectorStore store;

	@Autowired
	CountingEmbeddingProvider provider;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	JobProgress jobProgress;

	@Autowired
	TableCollections tableCollections;

	@Autowired
	EmbeddingProviders embeddingProviders;

	IssueRows issues;

	@BeforeEach
	void createIssues() {
		this.jobOperatorTestUtils.setJob(this.backfillJob);
		this.jobRepositoryTestUtils.removeJobExecutions();
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_dead_letter");
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_vector_ref");
		this.issues = new IssueRows(this.dataSource);
		this.issues.create();
		this.store.deleteAlias(AliasNames.of("issues", "42"));
		this.store.deleteAlias(AliasNames.of("issues", "7"));
		this.store.deleteCollection(COLLECTION);
		this.store.deleteCollection(NEWER_COLLECTION);
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_alias_switch");
		this.store.heal();
		this.provider.reset();
	}

	@Test
	void backfillOfTwoClientsEndsWithExactlyOnePointPerRowAndSearchesStayWithinTheirClient() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(1_000, 42, 7);
		this.issues.insert(rows);

		// when
		JobExecution client42 = this.jobOperatorTestUtils.startJob(parameters("42"));
		JobExecution client7 = this.jobOperatorTestUtils.startJob(parameters("7"));

		// then
		assertThat(client42.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(client7.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(500);
		assertThat(this.store.count(COLLECTION, "7")).isEqualTo(500);
		assertThat(this.jobProgress.snapshot(client42.getId())).isEqualTo(new JobProgress.Snapshot(500, 500));
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows, 42));
		assertThat(this.store.pointIds(COLLECTION, "7")).isEqualTo(expectedIds(rows, 7));
		float[] client7Text = this.provider.embed(List.of("Issue 1 in component 1\nSummary of issue 1 for client 7\n"
				+ "Steps to reproduce issue 1: open the page, click save, see error 31"))
			.get(0);
		List<SearchHit> hits = this.store.search(COLLECTION, new SearchRequest("content", "42", client7Text, 20));
		assertThat(hits).hasSize(20).allSatisfy((hit) -> assertThat(hit.payload().get("client_id")).isEqualTo("42"));
		List<SearchHit> own = this.store.search(COLLECTION, new SearchRequest("content", "7", client7Text, 1));
		assertThat(own.get(0).id()).isEqualTo(PointIds.of("7", "issues", "1"));
		assertThat(own.get(0).score()).isGreaterThan(0.99f);
		assertThat(this.meterRegistry.get("reembed.items.read").tag("model", "hash").counter().count())
			.isGreaterThanOrEqualTo(1_000);
		assertThat(this.meterRegistry.get("reembed.items.embedded").tag("model", "hash").counter().count())
			.isGreaterThanOrEqualTo(1_000);
		assertThat(this.meterRegistry.get("reembed.batches.processed").tag("model", "hash").counter().count())
			.isGreaterThanOrEqualTo(1_000 / 50);
		assertThat(this.meterRegistry.get("reembed.embedding.latency").tag("model", "hash").timer().count())
			.isGreaterThanOrEqualTo(1_000 / 50);
		assertThat(this.meterRegistry.find("spring.batch.job").timers()).isNotEmpty();
		assertThat(this.meterRegistry.find("spring.batch.step").timers()).isNotEmpty();
		assertThat(this.meterRegistry.find("spring.batch.chunk.write").timers()).isNotEmpty();
		assertThat(this.meterRegistry.find("spring.batch.item.read").timers()).isEmpty();
		assertThat(this.meterRegistry.find("spring.batch.item.process").timers()).isEmpty();
	}

	@Test
	void theFirstBackfillOfAClientCreatesItsAliasAndAnotherModelIsRefusedBeforeAnyWrite() throws Exception {
		// given
		this.issues.insert(this.issues.generate(100, 42));
		JobExecution first = this.launcher.launch(backfill("42"));

		// when
		JobExecution otherModel = this.jobOperatorTestUtils
			.startJob(new BackfillParameters("issues", "42", "content", "all-minilm-l6-v2", 1L).toJobParameters());

		// then
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.aliasTarget(AliasNames.of("issues", "42"))).contains(COLLECTION);
		assertThat(this.store.count(AliasNames.of("issues", "42"), "42")).isEqualTo(100);
		assertThat(otherModel.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(otherModel.getStepExecutions()).extracting((step) -> step.getStepName())
			.containsExactly(BackfillJobConfiguration.PREPARE_STEP);
		assertThat(FailureReasons.of(otherModel)).contains("is searched in collection '" + COLLECTION + "'")
			.contains("re-embed");
		assertThat(this.store.describe(CollectionNames.of("issues", "all-minilm-l6-v2"))).isEmpty();
	}

	@Test
	void cleanupDeletesOnlyWhatNoAliasServesAndARollbackToADeletedCollectionFailsLeavingTheAlias() throws Exception {
		// given
		String alias = backfillAndSwitchToANewerCollection();

		// when
		int firstCleanupExitCode = this.commandLine.execute(new String[] { "cleanup", "--table", "issues",
				"--keep", "0" });
		boolean firstSurvivedCleanup = this.store.describe(COLLECTION).isPresent();
		int rollbackExitCode = this.commandLine.execute(new String[] { "rollback", "--table", "issues", "--client",
				"42" });
		String afterRollback = this.store.aliasTarget(alias).orElseThrow();
		int cleanupExitCode = this.commandLine.execute(new String[] { "cleanup", "--table", "issues", "--keep",
				"0" });

		// then
		assertThat(firstCleanupExitCode).isZero();
		assertThat(firstSurvivedCleanup).as("no alias serves the first collection after the switch").isFalse();
		assertThat(rollbackExitCode).isEqualTo(ExitCodes.FAILED);
		assertThat(afterRollback).isEqualTo(NEWER_COLLECTION);
		assertThat(cleanupExitCode).isZero();
		assertThat(this.store.describe(NEWER_COLLECTION)).isPresent();
	}

	@Test
	void rollbackRestoresThePreviousCollectionAndKeepTellsCleanupWhatToLeave() throws Exception {
		// given
		String alias = backfillAndSwitchToANewerCollection();

		// when
		int keepOneExitCode = this.commandLine.execute(new String[] { "cleanup", "--table", "issues" });
		int rollbackExitCode = this.commandLine.execute(new String[] { "rollback", "--table", "issues", "--client",
				"42" });

		// then
		assertThat(keepOneExitCode).isZero();
		assertThat(rollbackExitCode).isZero();
		assertThat(this.store.aliasTarget(alias)).contains(COLLECTION);
		assertThat(this.store.count(alias, "42")).isEqualTo(50);
		assertThat(this.store.describe(NEWER_COLLECTION)).as("kept: no longer served, but not deleted").isPresent();
		assertThat(this.tableCollections.history(alias)).extracting(TableCollections.Switch::reason)
			.containsExactly("rollback", "reembed", "backfill");
	}

	@Test
	void aBackfillWithoutAModelUsesTheModelTheAliasServesAfterAReembed() throws Exception {
		// given
		this.issues.insert(this.issues.generate(50, 42));
		this.launcher.launch(backfill("42"));
		ModelSpec second = this.embeddingProviders.get(ModelRegistry.HASH_V2).model();
		String secondCollection = CollectionNames.of("issues", second.name());
		this.store.ensureCollection(CollectionSpec.of(secondCollection, second, List.of("content", "summary",
				"metadata")));
		this.tableCollections.switchAlias(AliasNames.of("issues", "42"), secondCollection, "reembed");

		// when
		int exitCode = this.commandLine.execute(new String[] { "backfill", "--table", "issues", "--client", "42",
				"--incremental" });

		// then
		assertThat(exitCode).isZero();
		assertThat(this.store.count(secondCollection, "42")).isEqualTo(50);
		this.store.deleteAlias(AliasNames.of("issues", "42"));
		this.store.deleteCollection(secondCollection);
	}

	/** Backfills 50 rows of client 42, then points its alias at another collection of the same model. */
	private String backfillAndSwitchToANewerCollection() throws Exception {
		this.issues.insert(this.issues.generate(50, 42));
		this.launcher.launch(backfill("42"));
		String alias = AliasNames.of("issues", "42");
		CollectionSpec first = this.store.describe(COLLECTION).orElseThrow();
		this.store.ensureCollection(new CollectionSpec(NEWER_COLLECTION, first.dimensions(),
				first.modelFingerprint(), first.vectorTypes()));
		this.tableCollections.switchAlias(alias, NEWER_COLLECTION, "reembed");
		return alias;
	}

	@Test
	void anIncrementalRerunCallsTheProviderOnlyForChangedRows() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(200, 42);
		this.issues.insert(rows);
		this.launcher.launch(backfill("42"));
		this.provider.reset();

		// when
		JobExecution unchanged = this.launcher.launch(backfill("42"), BackfillOptions.INCREMENTAL);
		long callsWhenUnchanged = this.provider.calls();
		new JdbcTemplate(this.dataSource).update("UPDATE issues SET title = 'Changed title' WHERE id IN (?, ?)",
				rows.get(3).id(), rows.get(150).id());
		this.provider.reset();
		JobExecution twoChanged = this.launcher.launch(backfill("42"), BackfillOptions.INCREMENTAL);

		// then
		assertThat(unchanged.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(callsWhenUnchanged).isZero();
		assertThat(twoChanged.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.provider.texts()).isEqualTo(2);
		assertThat(twoChanged.getStepExecutions()
			.stream()
			.mapToLong((step) -> step.getExecutionContext().getLong(EmbeddingItemWriter.UNCHANGED, 0))
			.sum()).as("rows left out as unchanged, as the run's report counts them").isEqualTo(198);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(200);
		assertThat(this.meterRegistry.get("reembed.items.unchanged").tag("model", "hash").counter().count())
			.isGreaterThanOrEqualTo(200 + 198);
	}

	@Test
	void anIncrementalRunReadsOnlyRowsUpdatedSinceTheLastCompletedRun() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(300, 42);
		this.issues.insert(rows, Timestamp.from(Instant.now().minus(Duration.ofDays(3))));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		// The newest row before the first run: within the overlap, the incremental run reads it again.
		jdbcTemplate.update("UPDATE issues SET updated_at = ? WHERE id = ?",
				Timestamp.from(Instant.now().minus(Duration.ofDays(2))), rows.get(0).id());
		this.launcher.launch(backfill("42"));
		jdbcTemplate.update("UPDATE issues SET title = 'Changed title', updated_at = ? WHERE id IN (?, ?, ?)",
				Timestamp.from(Instant.now()), rows.get(3).id(), rows.get(150).id(), rows.get(299).id());
		// A change that does not touch updated-at is left for a run that is not incremental.
		jdbcTemplate.update("UPDATE issues SET title = 'Changed quietly' WHERE id = ?", rows.get(10).id());
		this.provider.reset();

		// when
		JobExecution incremental = this.launcher.launch(backfill("42"), BackfillOptions.INCREMENTAL);
		long readByIncremental = partitionReadCount(incremental);
		long embeddedByIncremental = this.provider.texts();
		this.provider.reset();
		JobExecution full = this.launcher.launch(backfill("42"), BackfillOptions.FULL);

		// then
		assertThat(incremental.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(readByIncremental).isEqualTo(4);
		assertThat(partitions(incremental)).as("partitions for 4 rows, less than a chunk").isEqualTo(1);
		assertThat(embeddedByIncremental).isEqualTo(3);
		assertThat(full.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(partitionReadCount(full)).isEqualTo(300);
		assertThat(partitions(full)).isEqualTo(3);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(300);
	}

	@Test
	void syncDeletesRemovesThePointsOfDeletedAndInactiveRowsOnly() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(200, 42, 7);
		this.issues.insert(rows);
		this.launcher.launch(backfill("42"));
		this.launcher.launch(backfill("7"));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		Issue deleted = rows.get(1);
		Issue deactivated = rows.get(3);
		jdbcTemplate.update("DELETE FROM issues WHERE id = ?", deleted.id());
		jdbcTemplate.update("UPDATE issues SET active = FALSE, updated_at = ? WHERE id = ?",
				Timestamp.from(Instant.now()), deactivated.id());

		// when
		JobExecution withoutSync = this.launcher.launch(backfill("42"), BackfillOptions.INCREMENTAL);
		long pointsWithoutSync = this.store.count(COLLECTION, "42");
		JobExecution withSync = this.launcher.launch(backfill("42"), new BackfillOptions(true, true));

		// then
		assertThat(withoutSync.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(pointsWithoutSync).isEqualTo(100);
		assertThat(withSync.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(98);
		assertThat(this.store.pointIds(COLLECTION, "42")).doesNotContain(
				PointIds.of("42", "issues", Long.toString(deleted.id())),
				PointIds.of("42", "issues", Long.toString(deactivated.id())));
		assertThat(this.store.count(COLLECTION, "7")).isEqualTo(100);
		assertThat(new JdbcTemplate(this.dataSource).queryForObject(
				"SELECT COUNT(*) FROM reembed_vector_ref WHERE collection_name = ? AND client_id = '42'", Long.class,
				COLLECTION)).isEqualTo(98);
	}

	private static long partitions(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(BackfillJobConfiguration.PARTITION_STEP + ":"))
			.count();
	}

	private static long partitionReadCount(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().startsWith(BackfillJobConfiguration.PARTITION_STEP + ":"))
			.mapToLong((step) -> step.getReadCount())
			.sum();
	}

	@Test
	void anIncrementalBackfillEmbedsEverythingWhenTheStoreLostItsPoints() throws Exception {
		// given
		this.issues.insert(this.issues.generate(100, 42));
		this.launcher.launch(backfill("42"));
		this.store.deleteAlias(AliasNames.of("issues", "42"));
		this.store.deleteCollection(COLLECTION);
		this.provider.reset();

		// when
		JobExecution execution = this.launcher.launch(backfill("42"), BackfillOptions.INCREMENTAL);

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.provider.texts()).isEqualTo(100);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(100);
	}

	@Test
	void runningTheSameBackfillTwiceKeepsTheSamePoints() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(300, 42);
		this.issues.insert(rows);
		JobExecution first = this.launcher.launch(backfill("42"));
		Set<UUID> idsAfterFirst = this.store.pointIds(COLLECTION, "42");

		// when
		JobExecution second = this.launcher.launch(backfill("42"));

		// then
		assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(second.getJobInstance().getId()).isNotEqualTo(first.getJobInstance().getId());
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(300);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(idsAfterFirst).isEqualTo(expectedIds(rows, 42));
	}

	@Test
	void aJobInstanceLeftWithoutExecutionsByAnInterruptedLaunchDoesNotBlockTheNextLaunch() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(200, 42);
		this.issues.insert(rows);
		JobParameters firstRun = new JobParametersBuilder(backfill("42").withoutRun().toJobParameters())
			.addLong(BackfillParameters.RUN, 1L)
			.toJobParameters();
		JobInstance orphan = this.jobRepository.createJobInstance(BackfillJobConfiguration.JOB_NAME, firstRun);

		// when
		JobExecution execution = this.launcher.launch(backfill("42"));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getJobParameters().getLong(BackfillParameters.RUN)).isEqualTo(1L);
		assertThat(this.jobRepository.getJobInstance(orphan.getId())).isNull();
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows, 42));
	}

	@Test
	void aStoreFailureFailsTheJobAndARelaunchFromTheCommandLineRestartsItWithoutLosingOrDuplicatingPoints()
			throws Exception {
		// given
		List<Issue> rows = this.issues.generate(1_200, 42);
		this.issues.insert(rows);
		this.store.failUpsertNumber(7);

		// when
		JobExecution failed = this.launcher.launch(backfill("42"));
		long embeddedBeforeRestart = this.provider.texts();
		this.store.heal();
		int exitCode = this.commandLine
			.execute(new String[] { "backfill", "--table", "issues", "--client", "42", "--model", "hash" });

		// then
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(embeddedBeforeRestart).isLessThan(1_200);
		assertThat(exitCode).isZero();
		JobExecution restarted = this.launcher.latestExecution(backfill("42")).orElseThrow();
		assertThat(restarted.getId()).isNotEqualTo(failed.getId());
		assertThat(restarted.getJobInstance().getId()).isEqualTo(failed.getJobInstance().getId());
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(1_200);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows, 42));
		// Only the chunk that failed, in one partition, may have been embedded a second time.
		int gridSize = 3;
		int chunkSize = 50;
		assertThat(this.provider.texts()).isBetween(1_200L, 1_200L + (long) gridSize * chunkSize);
	}

	@Test
	void transientStoreErrorsAreRetriedWithoutEmbeddingTheChunkAgain() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(300, 42);
		this.issues.insert(rows);
		this.store.failTransiently(4);

		// when
		JobExecution execution = this.launcher.launch(backfill("42"));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows, 42));
		assertThat(this.provider.texts()).isEqualTo(300);
	}

	@Test
	void rowsWithoutTextAreDeadLetteredWithTheirReasonAndTheRestIsEmbedded() throws Exception {
		// given
		List<Issue> rows = new ArrayList<>(this.issues.generate(200, 42));
		rows.set(99, new Issue(100, 42, null, "  ", null));
		this.issues.insert(rows);

		// when
		JobExecution execution = this.launcher.launch(backfill("42"));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(199);
		assertThat(this.meterRegistry.get("reembed.items.skipped").tag("table", "issues").counter().count())
			.isGreaterThanOrEqualTo(1);
		assertThat(this.deadLetters.find("issues", "42")).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.recordId()).isEqualTo("100");
			assertThat(deadLetter.vectorType()).isEqualTo("content");
			assertThat(deadLetter.reason()).contains("Row 100 of table 'issues' has no text");
			assertThat(deadLetter.jobExecutionId()).isEqualTo(execution.getId());
		});
	}

	@Test
	void aVeryLongTextIsTruncatedAndEmbeddedAndEmojiAndMixedScriptsEmbed() throws Exception {
		// given
		List<Issue> rows = new ArrayList<>(this.issues.generate(20, 42));
		rows.set(0, new Issue(1, 42, "Huge log attached", null, "word ".repeat(20_000)));
		rows.set(1, new Issue(2, 42, "ログインできない 🔐 после сброса пароля لا يمكن تسجيل الدخول", "😀👍🏽", null));
		this.issues.insert(rows);

		// when
		JobExecution execution = this.launcher.launch(backfill("42"));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows, 42));
		assertThat(this.deadLetters.find("issues", "42")).isEmpty();
		assertThat(this.meterRegistry.get("reembed.items.truncated").tag("table", "issues").counter().count())
			.isGreaterThanOrEqualTo(1);
	}

	private static JobParameters parameters(String clientId) {
		return backfill(clientId).withRun(1).toJobParameters();
	}

	private static BackfillParameters backfill(String clientId) {
		return new BackfillParameters("issues", clientId, "content", "hash", null);
	}

	private static Set<UUID> expectedIds(List<Issue> rows, long clientId) {
		return rows.stream()
			.filter((row) -> row.clientId() == clientId)
			.map((row) -> PointIds.of(Long.toString(clientId), "issues", Long.toString(row.id())))
			.collect(Collectors.toSet());
	}

}
