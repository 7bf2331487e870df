package io.reembed.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.reembed.audit.AuditLog;
import io.reembed.audit.AuditVerification;
import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API on a real port with API tokens of clients 42 and 7, a read-only token and an admin token: what each
 * may see and do, and the audit log's entry for every change it makes. One job runs at a time, so that another
 * waits in the queue while a slowed-down job runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.max-concurrent-jobs=1", "reembed.orchestrator.poll-interval=100ms",
				"reembed.embedding.model=hash", "reembed.job.grid-size=2", "reembed.job.chunk-size=10",
				"reembed.quality.min-overlap=0" })
@Import(JobControllerAccessTests.SlowHashProvider.class)
class JobControllerAccessTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiTokens tokens;

	@Autowired
	AuditLog auditLog;

	@Autowired
	SlowEmbeddingProvider provider;

	private final HttpClient http = HttpClient.newHttpClient();

	private JdbcTemplate jdbcTemplate;

	private String tenant42 = "";

	private String tenant7 = "";

	private String reader42 = "";

	private String admin = "";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@BeforeEach
	void createIssuesAndTokens() throws Exception {
		this.jdbcTemplate = new JdbcTemplate(this.dataSource);
		this.provider.delay(Duration.ofMillis(1));
		awaitNoJobRunningOrQueued();
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(40, 42, 7));
		this.jdbcTemplate.update("DELETE FROM reembed_job");
		this.jdbcTemplate.update("DELETE FROM reembed_api_token_client");
		this.jdbcTemplate.update("DELETE FROM reembed_api_token");
		this.tenant42 = this.tokens.create("tenant-42", List.of("42"), Set.of(ApiRole.SUBMIT, ApiRole.READ)).secret();
		this.tenant7 = this.tokens.create("tenant-7", List.of("7"), Set.of(ApiRole.SUBMIT, ApiRole.READ)).secret();
		this.reader42 = this.tokens.create("reader-42", List.of("42"), Set.of(ApiRole.READ)).secret();
		this.admin = this.tokens.create("ops", List.of(), Set.of(ApiRole.ADMIN)).secret();
	}

	@Test
	void aClientsTokenIsForbiddenAnotherClientsJobsAndListsOnlyItsOwnWhileAnAdminSeesAll() throws Exception {
		// given
		long own = submit(backfill("42"), this.tenant42);
		long other = submit(backfill("7"), this.tenant7);
		awaitJob(own, this.tenant42, (job) -> "COMPLETED".equals(status(job)));
		awaitJob(other, this.tenant7, (job) -> "COMPLETED".equals(status(job)));
		long auditEntries = this.auditLog.verify().entries();

		// when
		HttpResponse<String> read = get("/api/jobs/" + other, this.tenant42);
		HttpResponse<String> cancel = post("/api/jobs/" + other + "/cancel", "", this.tenant42);
		HttpResponse<String> restart = post("/api/jobs/" + other + "/restart", "", this.tenant42);
		HttpResponse<String> rollback = post("/api/tables/issues/rollback?client=7", "", this.tenant42);
		HttpResponse<String> listed = get("/api/jobs", this.tenant42);
		HttpResponse<String> newest = get("/api/jobs?limit=1", this.tenant42);
		HttpResponse<String> listedForOther = get("/api/jobs?client=7", this.tenant42);
		HttpResponse<String> readByAdmin = get("/api/jobs/" + other, this.admin);
		HttpResponse<String> listedByAdmin = get("/api/jobs", this.admin);

		// then
		assertThat(read.statusCode()).isEqualTo(403);
		assertThat(error(read)).isEqualTo("Token 'tenant-42' may not read client 7");
		assertThat(cancel.statusCode()).isEqualTo(403);
		assertThat(error(cancel)).isEqualTo("Token 'tenant-42' may not submit for client 7");
		assertThat(restart.statusCode()).isEqualTo(403);
		assertThat(rollback.statusCode()).isEqualTo(403);
		assertThat(ids(listed)).containsExactly(own);
		assertThat(ids(newest)).as("the newest job of its own clients, not the newest job").containsExactly(own);
		assertThat(listedForOther.statusCode()).isEqualTo(403);
		assertThat(readByAdmin.statusCode()).isEqualTo(200);
		assertThat(ids(listedByAdmin)).containsExactly(other, own);
		assertThat(this.auditLog.verify().entries()).as("nothing refused is audited").isEqualTo(auditEntries);
	}

	@Test
	void aReadOnlyTokenReadsItsClientsJobsButSubmitsNothing() throws Exception {
		// given
		long id = submit(backfill("42"), this.tenant42);
		awaitJob(id, this.tenant42, (job) -> "COMPLETED".equals(status(job)));

		// when
		HttpResponse<String> read = get("/api/jobs/" + id, this.reader42);
		HttpResponse<String> single = post("/api/jobs", backfill("42"), this.reader42);
		HttpResponse<String> bulk = post("/api/jobs/bulk", "[" + backfill("42") + "]", this.reader42);
		HttpResponse<String> restart = post("/api/jobs/" + id + "/restart", "", this.reader42);

		// then
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(single.statusCode()).isEqualTo(403);
		assertThat(error(single)).isEqualTo("Token 'reader-42' may not submit for client 42");
		assertThat(bulk.statusCode()).isEqualTo(403);
		assertThat(restart.statusCode()).isEqualTo(403);
		assertThat(jobs()).isEqualTo(1);
	}

	@Test
	void aBulkSubmissionWithOneJobOfAnotherClientQueuesNone() throws Exception {
		// given
		String jobs = "[" + backfill("42") + ", " + backfill("7") + "]";

		// when
		HttpResponse<String> response = post("/api/jobs/bulk", jobs, this.tenant42);

		// then
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(error(response)).isEqualTo("Job 1: Token 'tenant-42' may not submit for client 7");
		assertThat(jobs()).isZero();
	}

	@Test
	void withoutAValidTokenTheApiAnswers401AndQueuesNothing() throws Exception {
		// when
		List<HttpResponse<String>> withoutToken = List.of(get("/api/jobs", null), get("/api/jobs/1", null),
				post("/api/jobs", backfill("42"), null), post("/api/jobs/bulk", "[" + backfill("42") + "]", null),
				post("/api/jobs/1/cancel", "", null), post("/api/jobs/1/restart", "", null),
				post("/api/tables/issues/rollback?client=42", "", null));
		HttpResponse<String> unknownToken = post("/api/jobs", backfill("42"), this.tenant42 + "x");

		// then
		assertThat(withoutToken).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reembed\"");
		});
		assertThat(unknownToken.statusCode()).isEqualTo(401);
		assertThat(jobs()).isZero();
	}

	@Test
	void eachSubmitCancelRestartAndRollbackIsAuditedInTheNameOfItsToken() throws Exception {
		// given
		long lastEntry = this.auditLog.verify().entries();
		this.provider.delay(Duration.ofSeconds(2));

		// when
		long running = submit(backfill("42"), this.tenant42);
		awaitJob(running, this.tenant42, (job) -> job.has("jobExecutionId"));
		long queued = submit(backfill("7"), this.tenant7);
		HttpResponse<String> cancelQueued = post("/api/jobs/" + queued + "/cancel", "", this.tenant7);
		HttpResponse<String> restartQueued = post("/api/jobs/" + queued + "/restart", "", this.tenant7);
		HttpResponse<String> cancelRunning = post("/api/jobs/" + running + "/cancel", "", this.tenant42);
		awaitJob(running, this.tenant42, (job) -> "CANCELLED".equals(status(job)));
		this.provider.delay(Duration.ofMillis(1));
		HttpResponse<String> restartRunning = post("/api/jobs/" + running + "/restart", "", this.tenant42);
		awaitJob(running, this.tenant42, (job) -> "COMPLETED".equals(status(job)));
		awaitJob(queued, this.tenant7, (job) -> "COMPLETED".equals(status(job)));
		long reembed = submit("""
				{"kind": "reembed", "table": "issues", "client": "42", "sourceModel": "hash",
				 "targetModel": "hash-v2"}""",
				this.tenant42);
		awaitJob(reembed, this.tenant42, (job) -> "COMPLETED".equals(status(job)));
		HttpResponse<String> rollback = post("/api/tables/issues/rollback?client=42", "", this.tenant42);

		// then
		assertThat(List.of(cancelQueued, restartQueued, cancelRunning, restartRunning))
			.allSatisfy((response) -> assertThat(response.statusCode()).as(response.body()).isEqualTo(202));
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
		List<AuditRow> entries = auditEntriesAfter(lastEntry);
		assertThat(entries).extracting(AuditRow::action)
			.containsExactly("SUBMIT", "SUBMIT", "CANCEL", "RESTART", "CANCEL", "RESTART", "SUBMIT", "ROLLBACK");
		assertThat(entries).extracting(AuditRow::actor)
			.containsExactly("tenant-42", "tenant-7", "tenant-7", "tenant-7", "tenant-42", "tenant-42", "tenant-42",
					"tenant-42");
		assertThat(entries).extracting(AuditRow::clientId).containsExactly("42", "7", "7", "7", "42", "42", "42", "42");
		assertThat(entries).extracting(AuditRow::table).containsOnly("issues");
		assertThat(entries).extracting(AuditRow::jobId)
			.containsExactly(Long.toString(running), Long.toString(queued), Long.toString(queued),
					Long.toString(queued), Long.toString(running), Long.toString(running), Long.toString(reembed),
					null);
		assertThat(entries).extracting(AuditRow::details)
			.containsExactly("kind=backfill, vectorType=content, targetModel=hash, priority=MEDIUM",
					"kind=backfill, vectorType=content, targetModel=hash, priority=MEDIUM",
					"previousStatus=PENDING, status=CANCELLED", "previousStatus=CANCELLED, status=PENDING",
					"previousStatus=RUNNING, status=RUNNING, stopRequested=cancel",
					"previousStatus=CANCELLED, status=PENDING",
					"kind=reembed, vectorType=content, sourceModel=hash, targetModel=hash-v2, priority=MEDIUM",
					"alias=issues__client_42, from=issues__hash-v2, to=issues__hash");
		assertThat(entries).extracting(AuditRow::details)
			.allSatisfy((details) -> assertThat(details).doesNotContain(this.tenant42, this.tenant7, "Issue"));
		AuditVerification verification = this.auditLog.verify();
		assertThat(verification.intact()).isTrue();
		assertThat(verification.entries()).isEqualTo(lastEntry + 8);
	}

	@Test
	void aBulkSubmissionIsAuditedOnceForEachOfItsJobs() throws Exception {
		// given
		long lastEntry = this.auditLog.verify().entries();
		String jobs = "[" + backfill("42") + ", " + backfill("7") + "]";

		// when
		HttpResponse<String> response = post("/api/jobs/bulk", jobs, this.admin);
		List<Long> ids = json.readTree(response.body()).get("ids").valueStream().map(JsonNode::asLong).toList();
		for (long id : ids) {
			awaitJob(id, this.admin, (job) -> "COMPLETED".equals(status(job)));
		}

		// then
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		List<AuditRow> entries = auditEntriesAfter(lastEntry);
		assertThat(entries).extracting(AuditRow::action).containsExactly("SUBMIT", "SUBMIT");
		assertThat(entries).extracting(AuditRow::actor).containsOnly("ops");
		assertThat(entries).extracting(AuditRow::clientId).containsExactly("42", "7");
		assertThat(entries).extracting(AuditRow::jobId)
			.containsExactly(Long.toString(ids.get(0)), Long.toString(ids.get(1)));
		assertThat(this.auditLog.verify().intact()).isTrue();
	}

	private static String backfill(String client) {
		return "{\"kind\": \"backfill\", \"table\": \"issues\", \"client\": \"" + client
				+ "\", \"targetModel\": \"hash\"}";
	}

	private long submit(String body, String token) throws Exception {
		HttpResponse<String> response = post("/api/jobs", body, token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return json.readTree(response.body()).get("id").asLong();
	}

	private JsonNode awaitJob(long id, String token, Predicate<JsonNode> condition) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			JsonNode job = json.readTree(get("/api/jobs/" + id, token).body());
			if (condition.test(job)) {
				return job;
			}
			assertThat(Instant.now()).as("job %d is still %s", id, job).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private void awaitNoJobRunningOrQueued() throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (count("SELECT COUNT(*) FROM reembed_job WHERE status IN ('PENDING', 'RUNNING')") > 0) {
			assertThat(Instant.now()).as("jobs of an earlier test still run").isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private List<AuditRow> auditEntriesAfter(long id) {
		return this.jdbcTemplate.query(
				"SELECT actor, action, client_id, table_name, job_id, details FROM reembed_audit_log WHERE id > ? "
						+ "ORDER BY id",
				(rs, row) -> new AuditRow(rs.getString("actor"), rs.getString("action"), rs.getString("client_id"),
						rs.getString("table_name"), rs.getString("job_id"), rs.getString("details")),
				id);
	}

	private long jobs() {
		return count("SELECT COUNT(*) FROM reembed_job");
	}

	private long count(String sql) {
		Long count = this.jdbcTemplate.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private static String status(JsonNode job) {
		return job.get("status").asString();
	}

	private static List<Long> ids(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).valueStream().map((job) -> job.get("id").asLong()).toList();
	}

	private static String error(HttpResponse<String> response) {
		return json.readTree(response.body()).get("error").asString();
	}

	private HttpResponse<String> get(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET(), token);
	}

	private HttpResponse<String> post(String path, String body, @Nullable String token)
			throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(body)), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, @Nullable String token)
			throws IOException, InterruptedException {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** An audit log entry as its row holds it. */
	record AuditRow(String actor, String action, @Nullable String clientId, @Nullable String table,
			@Nullable String jobId, @Nullable String details) {
	}

	/** The {@code hash} model, slowed down so that a job is still running when the test cancels it. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowHashProvider {

		@Bean
		SlowEmbeddingProvider slowHashProvider(ModelRegistry modelRegistry) {
			return new SlowEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)),
					Duration.ofMillis(1));
		}

	}

}
