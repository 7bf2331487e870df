package io.reembed.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.cli.FailureReasons;
import io.reembed.embedding.openai.OpenAiCompatibleServer;
import io.reembed.store.PointIds;
import io.reembed.store.VectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backfill job embedding with text-embedding-3-small through the OpenAI provider, against the local
 * OpenAI-compatible server with its faults and quotas.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.job.grid-size=2",
		"reembed.job.chunk-size=100", "reembed.providers.openai.api-key=sk-test-key-for-the-local-server",
		"reembed.providers.backoff.delay=20ms", "reembed.providers.backoff.jitter=10ms",
		"reembed.providers.circuit-breaker.failure-threshold=4",
		"reembed.providers.circuit-breaker.open-duration=500ms", "reembed.providers.openai.timeout=2s" })
@SpringBatchTest
@DirtiesContext
class RemoteProviderBackfillTests {

	private static final String MODEL = "text-embedding-3-small";

	private static final String COLLECTION = CollectionNames.of("issues", MODEL);

	private static final OpenAiCompatibleServer server = OpenAiCompatibleServer.start()
		.apiKey("sk-test-key-for-the-local-server");

	@TempDir
	static Path data;

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	Job backfillJob;

	@Autowired
	VectorStore store;

	@Autowired
	BackfillLauncher launcher;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meterRegistry;

	IssueRows issues;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
		registry.add("reembed.providers.openai.base-url", server::openAiBaseUrl);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void cleanUp() {
		server.reset();
		server.apiKey("sk-test-key-for-the-local-server");
		this.jobOperatorTestUtils.setJob(this.backfillJob);
		this.jobRepositoryTestUtils.removeJobExecutions();
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_dead_letter");
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_vector_ref");
		this.store.deleteAlias(AliasNames.of("issues", "42"));
		this.store.deleteCollection(COLLECTION);
		this.issues = new IssueRows(this.dataSource);
		this.issues.create();
	}

	@Test
	void tenPercentOfRequestsFailingStillEndsWithEveryRowStoredExactlyOnce() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(1_000, 42);
		this.issues.insert(rows);
		server.failureRate(0.1, 7);

		// when
		JobExecution execution = this.launcher.launch(backfill());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(1_000);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows));
		assertThat(this.deadLetters.find("issues", "42")).isEmpty();
		assertThat(server.requests()).filteredOn((request) -> request.status() == 500).isNotEmpty();
		assertThat(server.requests()).filteredOn((request) -> request.status() == 200).hasSize(10);
	}

	@Test
	void aStormOf429sIsWaitedOutAsToldWithoutSkippingAnything() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(600, 42);
		this.issues.insert(rows);
		server.rateLimitNext(12, Duration.ofMillis(400));
		long started = System.nanoTime();

		// when
		JobExecution execution = this.launcher.launch(backfill());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows));
		assertThat(this.deadLetters.find("issues", "42")).isEmpty();
		assertThat(server.rateLimited()).isEqualTo(12);
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("the 429s ask to wait 400 ms each, and every request waits after each of them")
			.isGreaterThan(Duration.ofMillis(400 * 12 / 2));
		assertThat(this.meterRegistry.get("reembed.provider.rate.limited").tag("model", MODEL).counter().count())
			.isEqualTo(12);
	}

	@Test
	void anInputOverTheTokenLimitIsTruncatedAndNoRequestExceedsTheLimits() throws Exception {
		// given
		List<Issue> rows = new java.util.ArrayList<>(this.issues.generate(300, 42));
		rows.set(0, new Issue(1, 42, "A very long issue", null, "stack frame ".repeat(9_000)));
		this.issues.insert(rows);

		// when
		JobExecution execution = this.launcher.launch(backfill());

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(300);
		assertThat(server.requests()).allSatisfy((request) -> {
			assertThat(request.status()).isEqualTo(200);
			assertThat(request.inputs()).isLessThanOrEqualTo(2048);
			assertThat(request.tokens()).isLessThanOrEqualTo(300_000);
			assertThat(request.largestInputTokens()).isLessThanOrEqualTo(8192);
		});
		assertThat(server.requests()).anySatisfy((request) -> assertThat(request.largestInputTokens()).isEqualTo(8192));
		assertThat(this.meterRegistry.get("reembed.items.truncated").tag("model", MODEL).counter().count())
			.isEqualTo(1);
	}

	@Test
	void aProviderDownForTheWholeRunFailsTheJobWithItsReasonAndARestartAfterRecoveryCompletes() throws Exception {
		// given
		List<Issue> rows = this.issues.generate(500, 42);
		this.issues.insert(rows);
		server.down(true);

		// when
		JobExecution failed = this.launcher.launch(backfill());
		long pointsWhileDown = this.store.describe(COLLECTION).isPresent() ? this.store.count(COLLECTION, "42") : 0;
		server.down(false);
		// The breaker lets a request try again only once it has been open that long.
		Thread.sleep(600);
		JobExecution restarted = this.launcher.launch(backfill());

		// then
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(FailureReasons.of(failed)).contains(MODEL).contains("HTTP 503");
		assertThat(pointsWhileDown).isZero();
		assertThat(restarted.getJobInstance().getId()).isEqualTo(failed.getJobInstance().getId());
		assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(this.store.count(COLLECTION, "42")).isEqualTo(500);
		assertThat(this.store.pointIds(COLLECTION, "42")).isEqualTo(expectedIds(rows));
	}

	private static BackfillParameters backfill() {
		return new BackfillParameters("issues", "42", "content", MODEL, null);
	}

	private static Set<UUID> expectedIds(List<Issue> rows) {
		return rows.stream()
			.map((row) -> PointIds.of(String.valueOf(row.clientId()), "issues", String.valueOf(row.id())))
			.collect(Collectors.toSet());
	}

}
