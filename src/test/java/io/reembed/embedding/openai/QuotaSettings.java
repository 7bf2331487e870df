package io.reembed.embedding.openai;

import java.time.Duration;

/**
 * The per-minute limits of every model (or Azure deployment) the server serves, and the window
 * they are enforced over.
 *
 * @param tokensPerMinute the prompt tokens allowed per minute, {@code 0} for no limit
 * @param requestsPerMinute the requests allowed per minute, {@code 0} for no limit
 * @param window how much of a minute's allowance may be spent at once
 */
record QuotaSettings(long tokensPerMinute, long requestsPerMinute, Duration window) {

	static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

	static final QuotaSettings UNLIMITED = new QuotaSettings(0, 0, DEFAULT_WINDOW);

	QuotaSettings {
		if (tokensPerMinute < 0 || requestsPerMinute < 0) {
			throw new IllegalArgumentException("Limits must not be negative");
		}
		if (window.isNegative() || window.isZero() || window.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("The quota window must be longer than zero and at most a minute");
		}
	}

	boolean limited() {
		return this.tokensPerMinute > 0 || this.requestsPerMinute > 0;
	}

}
