package io.reembed.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.UnknownModelException;
import io.reembed.embedding.openai.OpenAiModels;
import io.reembed.job.AliasNames;
import io.reembed.job.BackfillModels;
import io.reembed.job.BackfillTestConfiguration;
import io.reembed.job.CollectionNames;
import io.reembed.job.ModelChoice;
import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.SourceTables;
import io.reembed.store.CollectionSpec;
import io.reembed.store.VectorStore;
import io.reembed.support.CountingEmbeddingProvider;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Backfill plans of known rows on a real database: what they count, and that they embed nothing. Subclasses choose
 * the database.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.embedding.model=hash",
		"reembed.job.grid-size=1", "reembed.job.chunk-size=100", "reembed.providers.openai.api-key=sk-test",
		"reembed.providers.azure-openai.endpoint=", "reembed.providers.openai.quota.tokens-per-minute=20000",
		"reembed.providers.openai.quota.requests-per-minute=60", "reembed.providers.quota-utilization=0.5",
		"reembed.embedding.prices.text-embedding-3-small=0.02" })
@Import(BackfillTestConfiguration.class)
@DirtiesContext
abstract class AbstractBackfillPlannerTests {

	private static final String SMALL = "text-embedding-3-small";

	/** 10,001 words and as many cl100k tokens: longer than every model here takes. */
	private static final String LONG = "x" + " word".repeat(10_000);

	private static final Encoding CL100K = Encodings.newDefaultEncodingRegistry()
		.getEncoding(EncodingType.CL100K_BASE);

	@Autowired
	BackfillPlanner planner;

	@Autowired
	DataSource dataSource;

	@Autowired
	VectorStore store;

	@Autowired
	CountingEmbeddingProvider hashProvider;

	@MockitoSpyBean
	OpenAiModels openAiModels;

	@Autowired
	TableCatalog catalog;

	@Autowired
	SourceTables sourceTables;

	@Autowired
	BackfillModels backfillModels;

	@Autowired
	EmbeddingProviders embeddingProviders;

	@Autowired
	ReembedProperties properties;

	/** The texts of client 42's active rows, as the content template renders them. */
	List<String> client42Texts;

	@BeforeEach
	void createIssues() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		List<Issue> client42 = new ArrayList<>(issues.generate(250, 42));
		client42.set(9, new Issue(10, 42, null, null, null));
		client42.set(19, new Issue(20, 42, null, " ", null));
		Issue long40 = client42.get(39);
		client42.set(39, new Issue(40, 42, long40.title(), long40.summary(), LONG));
		issues.insert(client42);
		issues.insert(rows(7, 1001, 2_100, null));
		issues.insert(rows(8, 5001, 40, LONG));
		issues.insert(rows(9, 6001, 1, null));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		jdbcTemplate.update("UPDATE issues SET active = FALSE WHERE id IN (30, 6001)");
		this.client42Texts = client42.stream().filter((issue) -> issue.id() != 30).map(this::text).toList();
		this.store.deleteAlias(AliasNames.of("issues", "42"));
		this.store.deleteCollection(CollectionNames.of("issues", ModelRegistry.HASH));
		this.hashProvider.reset();
	}

	@Test
	void aPlanCountsRowsEmptyTextsTokensRequestsCostAndTimeWithTheModelItWouldChoose() {
		// when
		List<TablePlan> plans = this.planner.plan("issues", "42", "content", null);

		// then
		long tokens = this.client42Texts.stream()
			.filter((text) -> !text.isEmpty())
			.mapToLong((text) -> Math.min(CL100K.countTokensOrdinary(text), 8192))
			.sum();
		assertThat(plans).singleElement().satisfies((plan) -> {
			assertThat(plan.model()).isEqualTo(
					new ModelChoice(SMALL, "249 rows in scope, preference auto -> quality, openai configured"));
			assertThat(plan.rows()).isEqualTo(249);
			assertThat(plan.emptyTexts()).isEqualTo(2);
			assertThat(plan.tokens()).isEqualTo(tokens);
			assertThat(plan.truncated()).isEqualTo(1);
			// 249 rows read in chunks of 100.
			assertThat(plan.requests()).isEqualTo(3);
			assertThat(plan.cost()).isEqualByComparingTo(new BigDecimal("0.02").multiply(BigDecimal.valueOf(tokens))
				.divide(BigDecimal.valueOf(1_000_000)));
			double minutes = Math.max(tokens / (20_000 * 0.5), 3 / (60 * 0.5));
			assertThat(plan.pace()).isEqualTo(new Pace(Duration.ofMillis(Math.round(minutes * 60_000)),
					"openai quota"));
		});
		verify(this.openAiModels, never()).provider(any());
	}

	@Test
	void aPlanWithTheHashModelCountsWordsAndCallsNoProvider() {
		// when
		List<TablePlan> plans = this.planner.plan("issues", "42", "content", ModelRegistry.HASH);

		// then
		long words = this.client42Texts.stream()
			.filter((text) -> !text.isEmpty())
			.mapToLong((text) -> Math.min(text.split("\\s+").length, 8192))
			.sum();
		assertThat(plans).singleElement().satisfies((plan) -> {
			assertThat(plan.model()).isEqualTo(new ModelChoice("hash", "as named"));
			assertThat(plan.rows()).isEqualTo(249);
			assertThat(plan.emptyTexts()).isEqualTo(2);
			assertThat(plan.tokens()).isEqualTo(words);
			assertThat(plan.truncated()).isEqualTo(1);
			assertThat(plan.requests()).isEqualTo(3);
			assertThat(plan.cost()).isZero();
			assertThat(plan.pace()).isEqualTo(Pace.thisMachine());
		});
		assertThat(this.hashProvider.calls()).isZero();
	}

	@Test
	void openAiRequestsAreSplitAtTwoThousandFortyEightInputsAndThreeHundredThousandTokens() {
		// given
		BackfillPlanner oneChunk = new BackfillPlanner(this.catalog, this.sourceTables, this.dataSource,
				this.backfillModels, this.embeddingProviders, this.openAiModels, withChunkSize(5_000));

		// when
		TablePlan manyTexts = oneChunk.plan("issues", "7", "content", SMALL).get(0);
		TablePlan manyTokens = oneChunk.plan("issues", "8", "content", SMALL).get(0);
		TablePlan manyTextsHashed = oneChunk.plan("issues", "7", "content", ModelRegistry.HASH).get(0);

		// then
		assertThat(manyTexts.rows()).isEqualTo(2_100);
		assertThat(manyTexts.requests()).as("2,048 texts, then 52").isEqualTo(2);
		assertThat(manyTokens.tokens()).isEqualTo(40 * 8192);
		assertThat(manyTokens.truncated()).isEqualTo(40);
		assertThat(manyTokens.requests()).as("36 texts of 8,192 tokens, then 4").isEqualTo(2);
		assertThat(manyTextsHashed.requests()).as("one call per chunk").isEqualTo(1);
		verify(this.openAiModels, never()).provider(any());
	}

	@Test
	void withoutAClientEveryClientWithRowsInScopeIsPlanned() {
		// when
		List<TablePlan> plans = this.planner.plan("issues", null, "content", ModelRegistry.HASH);

		// then
		assertThat(plans).extracting(TablePlan::clientId).containsExactly("7", "8", "42");
		assertThat(plans).extracting(TablePlan::rows).containsExactly(2_100L, 40L, 249L);
	}

	@Test
	void theModelOfTheCollectionTheAliasServesIsPlannedNotChosenAgain() {
		// given
		String collection = CollectionNames.of("issues", ModelRegistry.HASH);
		this.store.ensureCollection(CollectionSpec.of(collection,
				this.embeddingProviders.registry().get(ModelRegistry.HASH), List.of("content")));
		this.store.switchAlias(AliasNames.of("issues", "42"), collection);

		// when
		TablePlan plan = this.planner.plan("issues", "42", "content", null).get(0);

		// then
		assertThat(plan.model()).isEqualTo(
				new ModelChoice("hash", "served by alias issues__client_42 (collection issues__hash)"));
		assertThat(plan.cost()).isZero();
	}

	@Test
	void anUnknownTableModelOrVectorTypeIsNamed() {
		// when / then
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.planner.plan("isues", "42", "content", null))
			.withMessageContaining("Unknown table 'isues'");
		assertThatExceptionOfType(UnknownModelException.class)
			.isThrownBy(() -> this.planner.plan("issues", "42", "content", "nope"))
			.withMessageContaining("Unknown embedding model 'nope'");
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.planner.plan("issues", "42", "body", null))
			.withMessageContaining("no vector type 'body'");
	}

	private String text(Issue issue) {
		return String.join("\n", Stream.of(issue.title(), issue.summary(), issue.description())
			.filter((value) -> value != null && !value.isBlank())
			.map(String::strip)
			.toList());
	}

	private static List<Issue> rows(long client, long firstId, int count, @Nullable String description) {
		List<Issue> rows = new ArrayList<>(count);
		for (long id = firstId; id < firstId + count; id++) {
			rows.add(new Issue(id, client, "Issue " + id, "Summary of issue " + id,
					(description != null) ? description : "Steps to reproduce issue " + id));
		}
		return rows;
	}

	private ReembedProperties withChunkSize(int chunkSize) {
		ReembedProperties.Job job = this.properties.job();
		return new ReembedProperties(this.properties.tables(),
				new ReembedProperties.Job(job.gridSize(), chunkSize, job.pageSize(), job.skipLimit(), job.retry(),
						job.watermarkOverlap()),
				this.properties.embedding(), this.properties.store(), this.properties.quality(),
				this.properties.providers(), this.properties.webhooks(), this.properties.orchestrator(),
				this.properties.remote());
	}

}
