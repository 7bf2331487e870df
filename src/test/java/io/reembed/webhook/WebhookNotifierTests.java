package io.reembed.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import io.reembed.embedding.ModelRegistry;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillParameters;
import io.reembed.support.IssueRows;
import io.reembed.support.TestDatabases;
import io.reembed.webhook.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks of real backfills, one completed and one failed, to a receiver that turns the first attempt away.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.cli.enabled=false",
		"reembed.embedding.model=hash", "reembed.job.grid-size=2", "reembed.job.chunk-size=50",
		"reembed.webhooks.secret=" + WebhookNotifierTests.SECRET, "reembed.webhooks.backoff.delay=50ms",
		"reembed.webhooks.backoff.jitter=0ms" })
@DirtiesContext
class WebhookNotifierTests {

	static final String SECRET = "whsec-test-secret";

	private static final WebhookReceiver receiver = start();

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
		registry.add("reembed.webhooks.urls", () -> receiver.url("/reembed/events").toString());
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Autowired
	BackfillLauncher backfillLauncher;

	@Autowired
	DataSource dataSource;

	@Test
	void aCompletedAndAFailedBackfillArePostedSignedWithTheirCountsAndReason() throws Exception {
		// given
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(300, 42, 7));
		receiver.answer(503);

		// when
		JobExecution completed = this.backfillLauncher
			.launch(new BackfillParameters("issues", "42", "content", ModelRegistry.HASH, null));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
		JobExecution failed = this.backfillLauncher
			.launch(new BackfillParameters("pull_requests", "7", "content", ModelRegistry.HASH, null));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);

		// then
		assertThat(completed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(receiver.received()).allSatisfy((request) -> assertThat(request.signed()).isTrue())
			.extracting(Received::status)
			.containsExactly(503, 204, 204);
		JsonNode done = receiver.received().get(1).body().get("job");
		assertThat(receiver.received().get(1).event()).isEqualTo("job.completed");
		assertThat(done.get("executionId").asLong()).isEqualTo(completed.getId());
		assertThat(done.get("kind").asString()).isEqualTo("backfill");
		assertThat(done.get("table").asString()).isEqualTo("issues");
		assertThat(done.get("clientId").asString()).isEqualTo("42");
		assertThat(done.get("model").asString()).isEqualTo("hash");
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("counts").get("read").asLong()).isEqualTo(150);
		assertThat(done.get("counts").get("embedded").asLong()).isEqualTo(150);
		assertThat(done.get("counts").get("deadLettered").asLong()).isZero();
		assertThat(done.get("reason").isNull()).isTrue();
		assertThat(Instant.parse(done.get("endedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(done.get("startedAt").asString()));
		JsonNode failure = receiver.received().get(2).body().get("job");
		assertThat(receiver.received().get(2).event()).isEqualTo("job.failed");
		assertThat(failure.get("status").asString()).isEqualTo("FAILED");
		assertThat(failure.get("table").asString()).isEqualTo("pull_requests");
		assertThat(failure.get("reason").asString()).isNotBlank();
	}

	private static WebhookReceiver start() {
		try {
			return WebhookReceiver.start(SECRET);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
