package io.reembed.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.reembed.config.ReembedProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.StringUtils;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Posts job events to the configured URLs on threads of its own, so that a slow or failing receiver never holds up
 * or fails a job. Each URL gets its own delivery, attempted again with exponential backoff after an answer other
 * than 2xx or a connection error, until it succeeds or runs out of attempts. Failures are logged with the URL's
 * scheme, host and port only: a URL's path or query may hold a token. Neither the secret nor the body is logged.
 */
public class WebhookSender implements AutoCloseable {

	/** {@code sha256=} and the hex HMAC-SHA256 of the body, keyed with the secret. */
	public static final String SIGNATURE_HEADER = "X-Reembed-Signature";

	/** When the attempt was sent, in seconds since the epoch, as in the body. */
	public static final String TIMESTAMP_HEADER = "X-Reembed-Timestamp";

	/** The delivery's id, the same for each of its attempts, as in the body. */
	public static final String DELIVERY_HEADER = "X-Reembed-Delivery";

	/** The event's name, as in the body. */
	public static final String EVENT_HEADER = "X-Reembed-Event";

	private static final Logger logger = LoggerFactory.getLogger(WebhookSender.class);

	private final List<Target> targets;

	private final String secret;

	private final int maxAttempts;

	private final ExponentialBackOff backOff;

	private final Duration timeout;

	private final Duration shutdownWait;

	private final HttpClient httpClient;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ScheduledExecutorService scheduler;

	private final Object lock = new Object();

	private int pending;

	private boolean closed;

	/**
	 * @throws IllegalArgumentException when a URL is set without a secret, or is not an absolute HTTP(S) URL
	 */
	public WebhookSender(ReembedProperties.Webhooks settings) {
		this.targets = targets(settings.urls());
		if (!this.targets.isEmpty() && !StringUtils.hasText(settings.secret())) {
			throw new IllegalArgumentException(
					"reembed.webhooks.secret is required with reembed.webhooks.urls: every body is signed with it");
		}
		if (settings.maxAttempts() < 1) {
			throw new IllegalArgumentException(
					"reembed.webhooks.max-attempts is " + settings.maxAttempts() + ", expected 1 or more");
		}
		this.secret = (settings.secret() != null) ? settings.secret() : "";
		this.maxAttempts = settings.maxAttempts();
		ReembedProperties.Backoff backoff = settings.backoff();
		this.backOff = new ExponentialBackOff(backoff.delay().toMillis(), backoff.multiplier());
		this.backOff.setMaxInterval(backoff.maxDelay().toMillis());
		this.backOff.setJitter(backoff.jitter().toMillis());
		this.timeout = settings.timeout();
		this.shutdownWait = settings.shutdownWait();
		this.httpClient = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
		CustomizableThreadFactory threads = new CustomizableThreadFactory("reembed-webhook-");
		threads.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(2, threads);
	}

	private static List<Target> targets(List<URI> urls) {
		List<Target> targets = new ArrayList<>(urls.size());
		for (int i = 0; i < urls.size(); i++) {
			URI url = urls.get(i);
			String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
			if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
				throw new IllegalArgumentException(
						"reembed.webhooks.urls[" + i + "] is not an absolute http or https URL");
			}
			String origin = scheme + "://" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "");
			targets.add(new Target(url, "webhook " + (i + 1) + " (" + origin + ")"));
		}
		return List.copyOf(targets);
	}

	/** Whether any URL is configured. */
	public boolean isEnabled() {
		return !this.targets.isEmpty();
	}

	/** Starts delivering the event to every URL, and returns at once. */
	public void send(JobEvent job) {
		synchronized (this.lock) {
			if (this.closed) {
				logger.warn("Not sending {} of {} execution {} to the webhooks: the application is stopping",
						job.event(), job.kind(), job.executionId());
				return;
			}
			this.pending += this.targets.size();
		}
		for (Target target : this.targets) {
			schedule(new Delivery(target, job, UUID.randomUUID().toString(), this.backOff.start()), 1, 0);
		}
	}

	private void schedule(Delivery delivery, int attempt, long delayMillis) {
		try {
			this.scheduler.schedule(() -> attempt(delivery, attempt), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			logger.warn("{}: {} of {} execution {} abandoned, the application stopped", delivery.target().name(),
					delivery.job().event(), delivery.job().kind(), delivery.job().executionId());
			finished();
		}
	}

	private void attempt(Delivery delivery, int attempt) {
		String failure;
		try {
			HttpResponse<Void> response = this.httpClient.send(request(delivery),
					HttpResponse.BodyHandlers.discarding());
			if (response.statusCode() >= 200 && response.statusCode() < 300) {
				logger.debug("{}: {} of {} execution {} delivered on attempt {}", delivery.target().name(),
						delivery.job().event(), delivery.job().kind(), delivery.job().executionId(), attempt);
				finished();
				return;
			}
			failure = "HTTP " + response.statusCode();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			finished();
			return;
		}
		catch (IOException | RuntimeException ex) {
			failure = describe(ex, delivery.target());
		}
		if (attempt < this.maxAttempts) {
			long delay = delivery.backOff().nextBackOff();
			logger.warn("{}: attempt {} of {} to send {} of {} execution {} failed ({}); trying again in {} ms",
					delivery.target().name(), attempt, this.maxAttempts, delivery.job().event(), delivery.job().kind(),
					delivery.job().executionId(), failure, delay);
			schedule(delivery, attempt + 1, delay);
		}
		else {
			logger.error("{}: gave up sending {} of {} execution {} after {} attempts, the last one failed ({})",
					delivery.target().name(), delivery.job().event(), delivery.job().kind(),
					delivery.job().executionId(), attempt, failure);
			finished();
		}
	}

	private HttpRequest request(Delivery delivery) {
		JobEvent job = delivery.job();
		long timestamp = Instant.now().getEpochSecond();
		byte[] body = this.jsonMapper.writeValueAsBytes(new WebhookBody(job.event(), delivery.id(), timestamp, job));
		return HttpRequest.newBuilder(delivery.target().url())
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "reembed")
			.header(SIGNATURE_HEADER, WebhookSignatures.sign(body, this.secret))
			.header(TIMESTAMP_HEADER, Long.toString(timestamp))
			.header(DELIVERY_HEADER, delivery.id())
			.header(EVENT_HEADER, job.event())
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	/** The failure's type and message, with the URL in it, if any, replaced by the target's name. */
	private static String describe(Exception failure, Target target) {
		String message = failure.getMessage();
		String type = failure.getClass().getSimpleName();
		return (message != null) ? type + ": " + message.replace(target.url().toString(), target.name()) : type;
	}

	private void finished() {
		synchronized (this.lock) {
			this.pending--;
			this.lock.notifyAll();
		}
	}

	/**
	 * Waits up to the shutdown wait for deliveries under way, attempts to come included, then stops. Events sent
	 * from now on are dropped, and logged.
	 */
	@Override
	public void close() {
		long deadline = System.nanoTime() + this.shutdownWait.toNanos();
		int abandoned;
		synchronized (this.lock) {
			this.closed = true;
			try {
				long left;
				while (this.pending > 0 && (left = deadline - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.timedWait(this.lock, left);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			abandoned = this.pending;
		}
		this.scheduler.shutdownNow();
		if (abandoned > 0) {
			logger.warn("{} webhook deliveries abandoned: the application stopped before they succeeded", abandoned);
		}
	}

	/** A URL and how logs name it. */
	private record Target(URI url, String name) {
	}

	/** One event to one URL, over all its attempts. */
	private record Delivery(Target target, JobEvent job, String id, BackOffExecution backOff) {
	}

}
