package io.reembed.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;

import javax.sql.DataSource;

import io.reembed.support.IssueRows;
import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API on a real port, on H2 with the {@code hash} model, called with an admin token: what it refuses, with
 * which status and message, and that a refused request queues nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.poll-interval=100ms", "reembed.embedding.model=hash",
				"reembed.job.grid-size=2", "reembed.job.chunk-size=10", "reembed.quality.min-overlap=0" })
class JobControllerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	ApiTokens tokens;

	private final HttpClient http = HttpClient.newHttpClient();

	private String token = "";

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@BeforeEach
	void createIssues() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(40, 42, 7));
		// No text to embed: it is dead-lettered.
		issues.insert(List.of(new IssueRows.Issue(1000, 42, null, null, null)));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		jdbcTemplate.update("DELETE FROM reembed_job");
		jdbcTemplate.update("DELETE FROM reembed_api_token_client");
		jdbcTemplate.update("DELETE FROM reembed_api_token");
		this.token = this.tokens.create("ops", List.of(), Set.of(ApiRole.ADMIN)).secret();
	}

	@Test
	void aJobIsAcceptedWithItsIdAndRunsToCompletionWithItsProgressStepsAndDeadLetters() throws Exception {
		// given
		String body = """
				{"kind": "backfill", "table": "issues", "client": "42", "targetModel": "hash", "priority": "high"}""";

		// when
		HttpResponse<String> submitted = post("/api/jobs", body);
		long id = json.readTree(submitted.body()).get("id").asLong();
		JsonNode job = awaitStatus(id, "COMPLETED");
		HttpResponse<String> listed = get("/api/jobs?status=completed&client=42&table=issues");
		HttpResponse<String> otherClient = get("/api/jobs?client=7");

		// then
		assertThat(submitted.statusCode()).isEqualTo(202);
		assertThat(submitted.headers().firstValue("Location")).contains("/api/jobs/" + id);
		assertThat(job.get("kind").asString()).isEqualTo("backfill");
		assertThat(job.get("priority").asString()).isEqualTo("HIGH");
		assertThat(job.get("batchStatus").asString()).isEqualTo("COMPLETED");
		assertThat(job.get("progress").get("done").asLong()).isEqualTo(21);
		assertThat(job.get("progress").get("total").asLong()).isEqualTo(21);
		assertThat(job.get("progress").get("etaSeconds").asLong()).isZero();
		assertThat(job.get("steps").valueStream().map((step) -> step.get("name").asString()))
			.contains("backfill.prepare", "backfill.embed", "backfill.partition:partition0");
		assertThat(job.get("deadLetterCount").asLong()).isEqualTo(1);
		assertThat(job.get("deadLetters").get(0).get("recordId").asString()).isEqualTo("1000");
		assertThat(json.readTree(listed.body()).valueStream().map((listedJob) -> listedJob.get("id").asLong()))
			.containsExactly(id);
		assertThat(json.readTree(otherClient.body()).isEmpty()).isTrue();
	}

	@Test
	void aFinishedJobCannotBeCancelledNorRestartedAndAnUnknownOneIsNotFound() throws Exception {
		// given
		long id = json.readTree(post("/api/jobs", """
				{"kind": "backfill", "table": "issues", "client": "7", "targetModel": "hash"}""").body())
			.get("id")
			.asLong();
		awaitStatus(id, "COMPLETED");

		// when
		HttpResponse<String> cancel = post("/api/jobs/" + id + "/cancel", "");
		HttpResponse<String> restart = post("/api/jobs/" + id + "/restart", "");
		HttpResponse<String> unknown = get("/api/jobs/999999");
		HttpResponse<String> notANumber = get("/api/jobs/abc");

		// then
		assertThat(cancel.statusCode()).isEqualTo(409);
		assertThat(error(cancel)).contains("is COMPLETED");
		assertThat(restart.statusCode()).isEqualTo(409);
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(error(unknown)).isEqualTo("There is no job 999999");
		assertThat(notANumber.statusCode()).isEqualTo(400);
	}

	@Test
	void anUnknownTableIsRefusedNamingItAndNothingIsQueued() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": "isues", "client": "42"}""", "Unknown table 'isues'");
	}

	@Test
	void anUnknownModelIsRefusedNamingItAndNothingIsQueued() throws Exception {
		assertRefused("""
				{"kind": "reembed", "table": "issues", "client": "42", "sourceModel": "hash", "targetModel": "gpt-9"}""",
				"targetModel: Unknown embedding model 'gpt-9'");
	}

	@Test
	void anUnknownVectorTypeIsRefusedNamingItAndNothingIsQueued() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": "issues", "client": "42", "vectorType": "title"}""",
				"Table 'issues' has no vector type 'title'");
	}

	@Test
	void aMissingFieldIsRefusedNamingItAndNothingIsQueued() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": "issues"}""", "Field 'client' is required");
	}

	@Test
	void anUnknownPriorityOrKindIsRefusedNamingTheKnownOnes() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": "issues", "client": "42", "priority": "urgent"}""",
				"Unknown priority 'urgent'; priorities: LOW, MEDIUM, HIGH, CRITICAL");
		assertRefused("""
				{"kind": "migrate", "table": "issues", "client": "42"}""", "Unknown kind 'migrate'");
	}

	@Test
	void aClientIdTheClientColumnCannotHoldIsRefused() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": "issues", "client": "acme"}""", "Client id 'acme' is not a number");
	}

	@Test
	void malformedJsonOrNoBodyIsRefusedAndNothingIsQueued() throws Exception {
		assertRefused("""
				{"kind": "backfill", "table": """, "Malformed JSON request body");
		assertRefused("", "Request body is missing");
		assertRefused("""
				{"kind": ["backfill"], "table": "issues", "client": "42"}""", "Malformed JSON request body");
	}

	@Test
	void anOversizedBodyIsRefusedWhetherItsLengthIsDeclaredOrNot() throws Exception {
		String oversized = "{\"kind\": \"backfill\", \"table\": \"issues\", \"client\": \"42\", \"padding\": \""
				+ "x".repeat(70_000) + "\"}";

		HttpResponse<String> declared = post("/api/jobs", BodyPublishers.ofString(oversized));
		HttpResponse<String> chunked = post("/api/jobs", chunked(oversized));

		assertThat(declared.statusCode()).isEqualTo(400);
		assertThat(error(declared)).isEqualTo("Request body is larger than the 64 KB limit");
		assertThat(chunked.statusCode()).isEqualTo(400);
		assertThat(error(chunked)).isEqualTo("Request body is larger than the 64 KB limit");
		assertThat(queued()).isZero();
	}

	@Test
	void aBulkSubmissionIsQueuedWholeOrNotAtAll() throws Exception {
		// given
		String oneBad = """
				[{"kind": "backfill", "table": "issues", "client": "42", "targetModel": "hash"},
				 {"kind": "backfill", "table": "issues", "client": "7", "targetModel": "hash", "priority": "LOW"},
				 {"kind": "backfill", "table": "issues", "client": "42", "vectorType": "nope"}]""";
		String allGood = """
				[{"kind": "backfill", "table": "issues", "client": "42", "targetModel": "hash"},
				 {"kind": "backfill", "table": "issues", "client": "7", "targetModel": "hash", "priority": "LOW"}]""";

		// when
		HttpResponse<String> refused = post("/api/jobs/bulk", oneBad);
		long queuedAfterRefusal = queued();
		HttpResponse<String> accepted = post("/api/jobs/bulk", allGood);

		// then
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(error(refused)).startsWith("Job 2: ").contains("no vector type 'nope'");
		assertThat(queuedAfterRefusal).isZero();
		assertThat(accepted.statusCode()).isEqualTo(202);
		List<Long> ids = json.readTree(accepted.body()).get("ids").valueStream().map(JsonNode::asLong).toList();
		assertThat(ids).hasSize(2);
		for (long id : ids) {
			awaitStatus(id, "COMPLETED");
		}
	}

	@Test
	void aReembedReportsItsQualityGateAndARollbackPointsTheAliasBack() throws Exception {
		// given
		long backfill = submit("""
				{"kind": "backfill", "table": "issues", "client": "7", "targetModel": "hash"}""");
		awaitStatus(backfill, "COMPLETED");

		// when
		long reembed = submit("""
				{"kind": "reembed", "table": "issues", "client": "7", "sourceModel": "hash", "targetModel": "hash-v2",
				 "priority": "CRITICAL"}""");
		JsonNode job = awaitStatus(reembed, "COMPLETED");
		HttpResponse<String> rollback = post("/api/tables/issues/rollback?client=7", "");

		// then
		assertThat(job.get("kind").asString()).isEqualTo("reembed");
		assertThat(job.get("qualityReport").asString()).contains("Quality gate PASSED");
		assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
		JsonNode rolledBack = json.readTree(rollback.body());
		assertThat(rolledBack.get("alias").asString()).isEqualTo("issues__client_7");
		assertThat(rolledBack.get("from").asString()).isEqualTo("issues__hash-v2");
		assertThat(rolledBack.get("to").asString()).isEqualTo("issues__hash");
	}

	@Test
	void aRollbackNamesWhatIsMissingOrInTheWay() throws Exception {
		// given
		long id = json.readTree(post("/api/jobs", """
				{"kind": "backfill", "table": "issues", "client": "42", "targetModel": "hash"}""").body())
			.get("id")
			.asLong();
		awaitStatus(id, "COMPLETED");

		// when
		HttpResponse<String> unknownTable = post("/api/tables/isues/rollback?client=42", "");
		HttpResponse<String> noAlias = post("/api/tables/issues/rollback?client=1234", "");
		HttpResponse<String> nothingBefore = post("/api/tables/issues/rollback?client=42", "");
		HttpResponse<String> noClient = post("/api/tables/issues/rollback", "");

		// then
		assertThat(unknownTable.statusCode()).isEqualTo(404);
		assertThat(error(unknownTable)).contains("Unknown table 'isues'");
		assertThat(noAlias.statusCode()).isEqualTo(404);
		assertThat(error(noAlias)).isEqualTo("Client 1234 has no alias of table 'issues'");
		assertThat(nothingBefore.statusCode()).isEqualTo(409);
		assertThat(error(nothingBefore)).contains("has served no other collection");
		assertThat(noClient.statusCode()).isEqualTo(400);
		assertThat(error(noClient)).isEqualTo("Parameter 'client' is required");
	}

	private long submit(String body) throws Exception {
		HttpResponse<String> response = post("/api/jobs", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return json.readTree(response.body()).get("id").asLong();
	}

	private void assertRefused(String body, String message) throws Exception {
		HttpResponse<String> response = post("/api/jobs", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(error(response)).contains(message);
		assertThat(queued()).isZero();
	}

	private long queued() {
		Long count = new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM reembed_job", Long.class);
		return (count != null) ? count : 0;
	}

	private JsonNode awaitStatus(long id, String status) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			JsonNode job = json.readTree(get("/api/jobs/" + id).body());
			if (status.equals(job.get("status").asString())) {
				return job;
			}
			assertThat(Instant.now()).as("job %d is still %s", id, job).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static String error(HttpResponse<String> response) {
		return json.readTree(response.body()).get("error").asString();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + this.token).GET().build(),
				BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return post(path, BodyPublishers.ofString(body));
	}

	private HttpResponse<String> post(String path, BodyPublisher body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.POST(body)
			.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** A body without a declared length: the client sends it chunked. */
	private static BodyPublisher chunked(String body) {
		BodyPublisher bytes = BodyPublishers.ofString(body, StandardCharsets.UTF_8);
		return new BodyPublisher() {

			@Override
			public long contentLength() {
				return -1;
			}

			@Override
			public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
				bytes.subscribe(subscriber);
			}

		};
	}

}
