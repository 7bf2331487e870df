package io.reembed.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.orchestrator.JobKind;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.JobState;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.orchestrator.Priority;
import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator's queue and running jobs on {@code /actuator/prometheus}, scraped without a token as Prometheus
 * does, while one slowed-down job runs and two wait, and once they all ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"reembed.cli.enabled=false", "reembed.orchestrator.enabled=true",
				"reembed.orchestrator.max-concurrent-jobs=1", "reembed.orchestrator.poll-interval=100ms",
				"reembed.embedding.model=hash", "reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(OrchestratorMetricsTests.SlowHashProvider.class)
@DirtiesContext
class OrchestratorMetricsTests {

	@TempDir
	static Path data;

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Autowired
	Orchestrator orchestrator;

	@Autowired
	SlowEmbeddingProvider provider;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@Test
	void theQueuedAndActiveGaugesFollowTheQueueAndItsRunningJob() throws Exception {
		// given
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(60, 1, 2, 3));
		this.provider.delay(Duration.ofSeconds(2));

		// when
		List<Long> ids = this.orchestrator.submit(List.of(backfill("1"), backfill("2"), backfill("3")));
		PrometheusSamples whileRunning = awaitScrape(
				(samples) -> samples.value("reembed_jobs_active", "kind", "backfill") == 1);
		this.provider.delay(Duration.ofMillis(1));
		for (long id : ids) {
			awaitJob(id);
		}
		PrometheusSamples afterwards = awaitScrape(
				(samples) -> samples.value("reembed_jobs_active", "kind", "backfill") == 0);

		// then
		assertThat(whileRunning.value("reembed_jobs_queued")).isEqualTo(2);
		assertThat(whileRunning.value("reembed_jobs_active", "kind", "reembed")).isZero();
		assertThat(afterwards.value("reembed_jobs_queued")).isZero();
		assertThat(afterwards.value("reembed_jobs_completed_total", "kind", "backfill", "table", "issues"))
			.isEqualTo(3);
	}

	private static JobRequest backfill(String client) {
		return new JobRequest(JobKind.BACKFILL, "issues", client, null, "hash", "content", Priority.MEDIUM);
	}

	private PrometheusSamples awaitScrape(Predicate<PrometheusSamples> condition) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			HttpResponse<String> scrape = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/prometheus"))
						.GET()
						.build(),
					BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			PrometheusSamples samples = PrometheusSamples.parse(scrape.body());
			if (condition.test(samples)) {
				return samples;
			}
			assertThat(Instant.now()).as("the scrape never got there: %s", scrape.body()).isBefore(deadline);
			Thread.sleep(50);
		}
	}

	private void awaitJob(long id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (this.orchestrator.job(id).state() != JobState.COMPLETED) {
			assertThat(Instant.now()).as("job %d is still %s", id, this.orchestrator.job(id)).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	/** The {@code hash} model, slowed down so that a job is still running while the queue is scraped. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowHashProvider {

		@Bean
		SlowEmbeddingProvider slowHashProvider(ModelRegistry modelRegistry) {
			return new SlowEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)),
					Duration.ofMillis(1));
		}

	}

}
