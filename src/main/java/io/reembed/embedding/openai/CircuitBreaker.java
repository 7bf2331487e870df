package io.reembed.embedding.openai;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Counts a deployment's consecutive failures. Past the threshold it opens: requests are refused at once instead of
 * each waiting out its retries, so a job whose provider is down fails cleanly, or moves to a fallback deployment.
 * After the open duration, one request may try again; its success closes the breaker.
 */
final class CircuitBreaker {

	private final int failureThreshold;

	private final long openNanos;

	private int consecutiveFailures;

	private boolean open;

	private long openUntil;

	private boolean trialInFlight;

	private @Nullable String lastFailure;

	CircuitBreaker(int failureThreshold, Duration openDuration) {
		this.failureThreshold = failureThreshold;
		this.openNanos = openDuration.toNanos();
	}

	/** Whether a request may be sent now; after the open duration, only one at a time until one succeeds. */
	synchronized Permission permission() {
		if (!this.open) {
			return Permission.SEND;
		}
		if (this.trialInFlight) {
			return Permission.WAIT;
		}
		if (System.nanoTime() - this.openUntil < 0) {
			return Permission.REFUSE;
		}
		this.trialInFlight = true;
		return Permission.SEND;
	}

	/** The provider answered, even if only to ask for patience. */
	synchronized void succeeded() {
		this.consecutiveFailures = 0;
		this.open = false;
		this.trialInFlight = false;
	}

	synchronized void failed(String reason) {
		this.lastFailure = reason;
		this.consecutiveFailures++;
		if (this.trialInFlight || this.consecutiveFailures >= this.failureThreshold) {
			this.open = true;
			this.openUntil = System.nanoTime() + this.openNanos;
		}
		this.trialInFlight = false;
	}

	/** What a request may do. */
	enum Permission {

		/** Send it. */
		SEND,
		/** Wait for the request trying whether the provider is back. */
		WAIT,
		/** Do not send it: the provider is down. */
		REFUSE

	}

	/** Why it is open: the count and the last failure. */
	synchronized String describe() {
		return this.consecutiveFailures + " consecutive failed requests, the last: " + this.lastFailure;
	}

}
