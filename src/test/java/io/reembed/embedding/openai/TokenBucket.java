package io.reembed.embedding.openai;

import java.time.Duration;

/**
 * One per-minute limit enforced as OpenAI enforces it: a bucket refilled continuously at
 * {@code limit / 60} per second that holds only a short window's worth
 * ({@code limit × window / 60}), so "60,000 per minute" is also "1,000 per second".
 * <p>
 * A request needs its whole cost in the bucket, except that a request larger than the bucket
 * needs the bucket full: it passes and leaves the bucket in debt, so one maximum-size request can
 * always pass and the rate over a minute is still the limit. Not thread-safe: {@link ModelQuota}
 * guards it.
 */
final class TokenBucket {

	private static final double NANOS_PER_MINUTE = 60e9;

	/** Refills are computed in floating point: a wait rounded up must not fall short by a rounding error. */
	private static final double TOLERANCE = 1e-6;

	private final long limit;

	private final double capacity;

	private final double perNano;

	private double level;

	private long refilledAt;

	TokenBucket(long limit, Duration window, long now) {
		this.limit = limit;
		this.capacity = Math.max(1.0, limit * (window.toNanos() / NANOS_PER_MINUTE));
		this.perNano = limit / NANOS_PER_MINUTE;
		this.level = this.capacity;
		this.refilledAt = now;
	}

	void refill(long now) {
		if (now > this.refilledAt) {
			this.level = Math.min(this.capacity, this.level + (now - this.refilledAt) * this.perNano);
			this.refilledAt = now;
		}
	}

	long limit() {
		return this.limit;
	}

	/**
	 * Return how long until a request of this cost fits.
	 * @param cost the tokens or requests asked for
	 * @return zero when it fits now
	 */
	Duration untilAvailable(long cost) {
		double deficit = Math.min(cost, this.capacity) - this.level;
		return (deficit <= TOLERANCE) ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(deficit / this.perNano));
	}

	void take(long cost) {
		this.level = Math.min(this.level, this.capacity) - cost;
	}

	long remaining() {
		return Math.max(0, (long) Math.floor(this.level));
	}

	long used() {
		return (long) Math.ceil(this.capacity - this.level);
	}

	Duration untilFull() {
		double deficit = this.capacity - this.level;
		return (deficit <= 0) ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(deficit / this.perNano));
	}

}
