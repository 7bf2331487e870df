package io.reembed.web;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.reembed.job.BackfillParameters;
import io.reembed.orchestrator.JobKind;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.JobState;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.orchestrator.Priority;
import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import io.reembed.web.JobEventsControllerTests.Event;
import io.reembed.web.JobEventsControllerTests.EventStream;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's event stream ends at {@code reembed.orchestrator.events-timeout} while the job still runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.poll-interval=100ms", "reembed.orchestrator.events-timeout=3s",
				"reembed.embedding.model=hash", "reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(SlowHashProviderSource.class)
class JobEventsTimeoutTests {

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

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@Test
	void aStreamEndsAtItsTimeoutWhileTheJobRuns() throws Exception {
		// given
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(100, 42));
		this.provider.delay(Duration.ofSeconds(2));
		String token = this.tokens.create("reader-42", List.of("42"), Set.of(ApiRole.READ)).secret();
		long id = this.orchestrator.submit(List.of(new JobRequest(JobKind.BACKFILL, "issues", "42", null, "hash",
				BackfillParameters.DEFAULT_VECTOR_TYPE, Priority.MEDIUM))).get(0);
		HttpResponse<InputStream> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/jobs/" + id + "/events"))
				.header("Authorization", "Bearer " + token)
				.GET()
				.build(), BodyHandlers.ofInputStream());

		// when
		Instant opened = Instant.now();
		List<Event> events = new ArrayList<>();
		try (EventStream stream = new EventStream(response.body())) {
			for (Event event = stream.next(); event != null; event = stream.next()) {
				events.add(event);
			}
		}
		Duration open = Duration.between(opened, Instant.now());

		// then
		assertThat(open).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
		assertThat(events).isNotEmpty().extracting(Event::name).containsOnly("progress");
		assertThat(this.orchestrator.job(id).state()).isEqualTo(JobState.RUNNING);
		assertThat(this.streams.openStreams()).isZero();
		this.provider.delay(Duration.ZERO);
		this.orchestrator.cancel(id);
	}

}
