package io.reembed.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.reembed.job.BackfillParameters;
import io.reembed.orchestrator.JobFilter;
import io.reembed.orchestrator.JobKind;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.JobState;
import io.reembed.orchestrator.OrchestratedJob;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.orchestrator.Priority;
import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/jobs/{id}/events} on a real port, on H2 with the {@code hash} model slowed down: a job's progress
 * every second until a last event with its final state, the caller's token checked, and a stream that ends when its
 * client goes away or its token is revoked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.poll-interval=100ms", "reembed.embedding.model=hash",
				"reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(SlowHashProviderSource.class)
class JobEventsControllerTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	Orchestrator orchestrator;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JobEventStreams streams;

	@Autowired
	SlowEmbeddingProvider provider;

	@Autowired
	JobRepository jobRepository;

	private final HttpClient http = HttpClient.newHttpClient();

	private String reader42;

	private String tenant7;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@BeforeEach
	void createIssuesAndTokens() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(240, 42, 7));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		jdbcTemplate.update("DELETE FROM reembed_job");
		// A job a test cancelled would otherwise be restarted, from where it stopped, by the next test's submit.
		new JobRepositoryTestUtils(this.jobRepository).removeJobExecutions();
		jdbcTemplate.update("DELETE FROM reembed_api_token_client");
		jdbcTemplate.update("DELETE FROM reembed_api_token");
		this.reader42 = this.tokens.create("reader-42", List.of("42"), Set.of(ApiRole.READ)).secret();
		this.tenant7 = this.tokens.create("tenant-7", List.of("7"), Set.of(ApiRole.READ, ApiRole.SUBMIT)).secret();
	}

	@AfterEach
	void endJobs() throws InterruptedException {
		this.provider.delay(Duration.ZERO);
		for (OrchestratedJob job : jobs()) {
			if (!job.state().isFinished()) {
				this.orchestrator.cancel(job.id());
			}
		}
		awaitTrue(() -> jobs().stream().allMatch((job) -> job.state().isFinished()), "every job ended");
	}

	@Test
	void aRunningJobsProgressComesEverySecondUntilALastEventWithItsFinalState() throws Exception {
		// given
		this.provider.delay(Duration.ofMillis(700));
		long id = submit("42");
		awaitTrue(() -> this.orchestrator.job(id).state() == JobState.RUNNING, "job running");

		// when
		List<Event> events = new ArrayList<>();
		try (EventStream stream = open(id, this.reader42)) {
			for (Event event = stream.next(); event != null; event = stream.next()) {
				events.add(event);
			}
		}

		// then
		assertThat(events).hasSizeGreaterThanOrEqualTo(4);
		List<Event> progress = events.subList(0, events.size() - 1);
		Event last = events.get(events.size() - 1);
		assertThat(progress).extracting(Event::name).containsOnly("progress");
		assertThat(progress).extracting((event) -> event.job().get("status").asString()).containsOnly("RUNNING");
		List<Long> done = progress.stream().map(Event::done).toList();
		assertThat(done).isSorted();
		assertThat(done.get(done.size() - 1)).isGreaterThan(done.get(0));
		assertThat(progress.get(progress.size() - 1).job().get("steps").valueStream()
			.map((step) -> step.get("name").asString())).contains("backfill.partition:partition0");
		assertThat(last.name()).isEqualTo("end");
		assertThat(last.job().get("id").asLong()).isEqualTo(id);
		assertThat(last.job().get("status").asString()).isEqualTo("COMPLETED");
		assertThat(last.job().get("batchStatus").asString()).isEqualTo("COMPLETED");
		assertThat(last.done()).isEqualTo(120);
		assertThat(last.job().get("progress").get("total").asLong()).isEqualTo(120);
		Duration between = Duration.between(progress.get(0).receivedAt(), last.receivedAt())
			.dividedBy(events.size() - 1);
		assertThat(between).isBetween(Duration.ofMillis(700), Duration.ofMillis(1500));
		awaitTrue(() -> this.streams.openStreams() == 0, "stream closed");
	}

	@Test
	void aFinishedJobGetsOneEventWithItsFinalState() throws Exception {
		// given
		long id = submit("42");
		awaitTrue(() -> this.orchestrator.job(id).state().isFinished(), "job ended");

		// when
		List<Event> events = new ArrayList<>();
		try (EventStream stream = open(id, this.reader42)) {
			for (Event event = stream.next(); event != null; event = stream.next()) {
				events.add(event);
			}
		}

		// then
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.name()).isEqualTo("end");
			assertThat(event.job().get("status").asString()).isEqualTo("COMPLETED");
		});
	}

	@Test
	void theStreamNeedsATokenThatMayReadTheJobsClient() throws Exception {
		// given
		long id = submit("42");

		// when
		HttpResponse<String> noToken = get("/api/jobs/" + id + "/events", null);
		HttpResponse<String> unknownToken = get("/api/jobs/" + id + "/events", this.reader42 + "x");
		HttpResponse<String> otherClient = get("/api/jobs/" + id + "/events", this.tenant7);
		HttpResponse<String> tokenInQuery = get("/api/jobs/" + id + "/events?access_token=" + this.reader42, null);
		HttpResponse<String> unknownJob = get("/api/jobs/999999/events", this.reader42);

		// then
		assertThat(noToken.statusCode()).isEqualTo(401);
		assertThat(unknownToken.statusCode()).isEqualTo(401);
		assertThat(otherClient.statusCode()).isEqualTo(403);
		assertThat(otherClient.body()).contains("Token 'tenant-7' may not read client 42");
		assertThat(tokenInQuery.statusCode()).isEqualTo(401);
		assertThat(unknownJob.statusCode()).isEqualTo(404);
		assertThat(json.readTree(unknownJob.body()).get("error").asString()).isEqualTo("There is no job 999999");
		assertThat(this.streams.openStreams()).isZero();
	}

	@Test
	void aStreamIsClosedWhenItsClientGoesAway() throws Exception {
		// given
		this.provider.delay(Duration.ofSeconds(2));
		long id = submit("42");
		EventStream stream = open(id, this.reader42);
		assertThat(stream.next()).isNotNull();
		assertThat(this.streams.openStreams()).isOne();

		// when
		stream.close();

		// then
		awaitTrue(() -> this.streams.openStreams() == 0, "stream closed after its client went away");
	}

	@Test
	void aStreamEndsWhenItsTokenIsRevoked() throws Exception {
		// given
		this.provider.delay(Duration.ofSeconds(2));
		long id = submit("42");
		try (EventStream stream = open(id, this.reader42)) {
			assertThat(stream.next()).isNotNull();

			// when
			this.tokens.revoke("reader-42");

			// then
			Instant deadline = Instant.now().plusSeconds(10);
			while (stream.next() != null) {
				assertThat(Instant.now()).as("stream still open").isBefore(deadline);
			}
		}
		assertThat(this.orchestrator.job(id).state().isFinished()).isFalse();
		awaitTrue(() -> this.streams.openStreams() == 0, "stream closed");
	}

	private List<OrchestratedJob> jobs() {
		return this.orchestrator.jobs(new JobFilter(null, null, null, JobFilter.MAX_LIMIT));
	}

	private long submit(String client) {
		return this.orchestrator.submit(List.of(new JobRequest(JobKind.BACKFILL, "issues", client, null, "hash",
				BackfillParameters.DEFAULT_VECTOR_TYPE, Priority.MEDIUM))).get(0);
	}

	private EventStream open(long id, String token) throws IOException, InterruptedException {
		HttpResponse<InputStream> response = this.http.send(HttpRequest.newBuilder(uri("/api/jobs/" + id + "/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.GET()
			.build(), BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		return new EventStream(response.body());
	}

	private HttpResponse<String> get(String path, @Nullable String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static void awaitTrue(BooleanSupplier condition, String what)
			throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(60);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waiting for: %s", what).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	/**
	 * One server-sent event.
	 *
	 * @param name its {@code event:} field
	 * @param job its data: the job as JSON
	 * @param receivedAt when it was read
	 */
	record Event(String name, JsonNode job, Instant receivedAt) {

		/** Rows done, none before the job's execution started. */
		long done() {
			JsonNode progress = this.job.get("progress");
			return (progress != null) ? progress.get("done").asLong() : 0;
		}

	}

	/**
	 * The events of a response body, read as they come.
	 */
	static final class EventStream implements AutoCloseable {

		private final InputStream body;

		private final BufferedReader lines;

		EventStream(InputStream body) {
			this.body = body;
			this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
		}

		/** The next event, or {@code null} once the stream ended. */
		@Nullable Event next() throws IOException {
			String name = "message";
			StringBuilder data = new StringBuilder();
			for (String line = this.lines.readLine(); line != null; line = this.lines.readLine()) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						return new Event(name, json.readTree(data.toString()), Instant.now());
					}
				}
				else if (line.startsWith("event:")) {
					name = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring("data:".length()).strip());
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.body.close();
		}

	}

}
