package io.reembed.webhook;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.reembed.config.ReembedProperties;
import io.reembed.webhook.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Webhook deliveries against a local receiver that checks their signatures.
 */
class WebhookSenderTests {

	private static final String SECRET = "whsec-5ecret-never-logged";

	private static final JobEvent COMPLETED = new JobEvent(12, 3, "backfill", "issues", "42", "content", "hash", null,
			"COMPLETED", "COMPLETED", new JobEvent.Counts(200, 198, 2, 0), null,
			Instant.parse("2026-01-05T10:00:00Z"), Instant.parse("2026-01-05T10:00:01Z"),
			Instant.parse("2026-01-05T10:02:01Z"));

	private WebhookReceiver receiver;

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void startReceiverAndCaptureLogs() throws Exception {
		this.receiver = WebhookReceiver.start(SECRET);
		this.logs.start();
		((Logger) LoggerFactory.getLogger(WebhookSender.class)).addAppender(this.logs);
	}

	@AfterEach
	void stopReceiver() {
		((Logger) LoggerFactory.getLogger(WebhookSender.class)).detachAppender(this.logs);
		this.receiver.close();
	}

	@Test
	void aFailedAttemptIsSentAgainSignedOverItsOwnBodyAndTimestamp() {
		// given
		this.receiver.answer(503);
		WebhookSender sender = new WebhookSender(settings(List.of(this.receiver.url("/hooks/reembed")), 3));

		// when
		sender.send(COMPLETED);

		// then
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.received().size() == 2);
		List<Received> received = this.receiver.received();
		assertThat(received).extracting(Received::status).containsExactly(503, 204);
		assertThat(received).allSatisfy((request) -> {
			assertThat(request.signed()).isTrue();
			assertThat(request.path()).isEqualTo("/hooks/reembed");
			assertThat(request.contentType()).isEqualTo("application/json");
			assertThat(request.event()).isEqualTo("job.completed");
			assertThat(request.body().get("timestamp").asString()).isEqualTo(request.timestamp());
			assertThat(request.body().get("deliveryId").asString()).isEqualTo(request.deliveryId());
		});
		assertThat(received.get(1).deliveryId()).isEqualTo(received.get(0).deliveryId());
		var job = received.get(1).body().get("job");
		assertThat(received.get(1).body().get("event").asString()).isEqualTo("job.completed");
		assertThat(job.get("executionId").asLong()).isEqualTo(12);
		assertThat(job.get("kind").asString()).isEqualTo("backfill");
		assertThat(job.get("table").asString()).isEqualTo("issues");
		assertThat(job.get("clientId").asString()).isEqualTo("42");
		assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(job.get("counts").get("embedded").asLong()).isEqualTo(198);
		assertThat(job.get("counts").get("deadLettered").asLong()).isEqualTo(2);
		assertThat(job.get("reason").isNull()).isTrue();
		assertThat(job.get("startedAt").asString()).isEqualTo("2026-01-05T10:00:01Z");
		assertThat(this.logs.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("attempt 1 of 3").contains("HTTP 503");
		});
		sender.close();
	}

	@Test
	void aDeliveryIsGivenUpAfterItsAttemptsAndLogsNeitherTheSecretNorTheUrlsPathOrQuery() {
		// given
		this.receiver.answer(500, 500, 500);
		URI url = this.receiver.url("/hooks/T0KEN-in-path?key=Q5ECRET-in-query");
		WebhookSender sender = new WebhookSender(settings(List.of(url), 3));

		// when
		sender.send(COMPLETED);

		// then
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.logs.list.stream().anyMatch((event) -> event.getLevel() == Level.ERROR));
		assertThat(this.receiver.received()).hasSize(3).allSatisfy((request) -> assertThat(request.signed()).isTrue());
		assertThat(this.logs.list).hasSize(3).allSatisfy((event) -> assertThat(event.getFormattedMessage())
			.contains("webhook 1 (http://127.0.0.1:")
			.doesNotContain(SECRET)
			.doesNotContain("T0KEN")
			.doesNotContain("Q5ECRET"));
		assertThat(this.logs.list.get(2).getFormattedMessage()).contains("gave up").contains("after 3 attempts");
		sender.close();
	}

	@Test
	void aConnectionErrorIsRetried() throws Exception {
		// given
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		URI url = URI.create("http://127.0.0.1:" + closedPort + "/");
		WebhookSender sender = new WebhookSender(settings(List.of(url), 2));

		// when
		sender.send(COMPLETED);

		// then
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.logs.list.stream().anyMatch((event) -> event.getLevel() == Level.ERROR));
		assertThat(this.logs.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR);
		assertThat(this.logs.list.get(0).getFormattedMessage()).contains("ConnectException");
		sender.close();
	}

	@Test
	void closingWaitsForTheAttemptsOfDeliveriesUnderWayToEveryUrl() {
		// given
		this.receiver.answer(503, 503);
		WebhookSender sender = new WebhookSender(
				settings(List.of(this.receiver.url("/first"), this.receiver.url("/second")), 3));

		// when
		sender.send(COMPLETED);
		sender.close();

		// then
		assertThat(this.receiver.received()).hasSize(4);
		assertThat(this.receiver.received().stream().filter((request) -> request.status() == 204))
			.extracting(Received::path)
			.containsExactlyInAnyOrder("/first", "/second");
		sender.send(COMPLETED);
		assertThat(this.receiver.received()).hasSize(4);
	}

	@Test
	void aUrlWithoutASecretIsRefused() {
		// given
		ReembedProperties.Webhooks settings = new ReembedProperties.Webhooks(List.of(this.receiver.url("/")), " ",
				Set.of(BatchStatus.COMPLETED), 3, backoff(), Duration.ofSeconds(2), Duration.ofSeconds(5));

		// when, then
		assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSender(settings))
			.withMessageContaining("reembed.webhooks.secret is required");
	}

	private static ReembedProperties.Webhooks settings(List<URI> urls, int maxAttempts) {
		return new ReembedProperties.Webhooks(urls, SECRET, Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED),
				maxAttempts, backoff(), Duration.ofSeconds(2), Duration.ofSeconds(10));
	}

	private static ReembedProperties.Backoff backoff() {
		return new ReembedProperties.Backoff(Duration.ofMillis(50), 2.0, Duration.ofSeconds(1), Duration.ZERO);
	}

}
