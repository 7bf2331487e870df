package io.reembed.embedding.openai;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Paces the requests to one deployment to its tokens- and requests-per-minute quota, so that throughput approaches
 * the quota without being answered 429, and holds them all while the provider asks to wait.
 * <p>
 * Two buckets, of tokens and of requests, refill continuously at the quota's rate times the utilization. A request
 * waits until both hold its share (a request larger than a bucket waits until it is full and leaves it in debt), so
 * the long-run rate is exactly the paced one. The bucket holds one second's worth: providers enforce a minute's
 * quota over shorter periods, so a minute's burst would be refused. The quota comes from configuration until the
 * provider's {@code x-ratelimit-limit-*} headers report it, and only one request is sent until the first answer.
 * Concurrency adapts too: halved on each 429, raised by one after as many successes as it allows.
 */
final class RateController {

	private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

	private final double utilization;

	private final int maxConcurrency;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private long tokensPerMinute;

	private long requestsPerMinute;

	private double tokens;

	private double requests;

	private long refilledAt;

	private long pausedUntil;

	private int concurrency;

	private int inFlight;

	private int successesSinceRaise;

	private boolean answered;

	/** Lowered on each 429 the pacing did not prevent (the quota is shared, or smaller than reported). */
	private double rateFactor = 1.0;

	/**
	 * @param tokensPerMinute quota of tokens, 0 for none
	 * @param requestsPerMinute quota of requests, 0 for none
	 * @param utilization share of the quota to pace to
	 */
	RateController(long tokensPerMinute, long requestsPerMinute, double utilization, int maxConcurrency) {
		this.tokensPerMinute = tokensPerMinute;
		this.requestsPerMinute = requestsPerMinute;
		this.utilization = utilization;
		this.maxConcurrency = maxConcurrency;
		// One request first: its answer reports the real quota before a burst sized by configuration could exceed it.
		this.concurrency = 1;
		this.refilledAt = System.nanoTime();
		this.tokens = capacity(tokensPerMinute);
		this.requests = capacity(requestsPerMinute);
	}

	/**
	 * Waits until a request of that many tokens may be sent.
	 * @throws InterruptedException when the waiting thread is interrupted, e.g. by a stopping job
	 */
	void acquire(long requestTokens) throws InterruptedException {
		this.lock.lock();
		try {
			while (true) {
				long now = System.nanoTime();
				refill(now);
				long wait;
				if (now - this.pausedUntil < 0) {
					wait = this.pausedUntil - now;
				}
				else if (this.inFlight >= this.concurrency) {
					wait = Long.MAX_VALUE;
				}
				else {
					wait = Math.max(waitFor(this.tokens, requestTokens, this.tokensPerMinute),
							waitFor(this.requests, 1, this.requestsPerMinute));
				}
				if (wait == 0) {
					this.tokens -= (this.tokensPerMinute > 0) ? requestTokens : 0;
					this.requests -= (this.requestsPerMinute > 0) ? 1 : 0;
					this.inFlight++;
					return;
				}
				if (wait == Long.MAX_VALUE) {
					this.changed.await();
				}
				else {
					this.changed.awaitNanos(wait);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The request was answered: reads the quota the provider reports. When it differs from the one paced to, the
	 * buckets also take the levels the provider reports, as the configured quota may have let them run ahead.
	 */
	void succeeded(RateLimits limits) {
		this.lock.lock();
		try {
			this.inFlight--;
			refill(System.nanoTime());
			Long tokenLimit = limits.tokensPerMinute();
			if (tokenLimit != null && tokenLimit > 0 && tokenLimit != this.tokensPerMinute) {
				this.tokensPerMinute = tokenLimit;
				this.tokens = Math.min(this.tokens, capacity(tokenLimit));
				if (limits.remainingTokens() != null) {
					this.tokens = Math.min(this.tokens, limits.remainingTokens() * this.utilization);
				}
			}
			Long requestLimit = limits.requestsPerMinute();
			if (requestLimit != null && requestLimit > 0 && requestLimit != this.requestsPerMinute) {
				this.requestsPerMinute = requestLimit;
				this.requests = Math.min(this.requests, capacity(requestLimit));
				if (limits.remainingRequests() != null) {
					this.requests = Math.min(this.requests, limits.remainingRequests() * this.utilization);
				}
			}
			this.rateFactor = Math.min(1.0, this.rateFactor + 0.02);
			if (!this.answered) {
				this.answered = true;
				this.concurrency = this.maxConcurrency;
			}
			else if (++this.successesSinceRaise >= this.concurrency && this.concurrency < this.maxConcurrency) {
				this.concurrency++;
				this.successesSinceRaise = 0;
			}
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * What an answer's rate-limit headers report; each null when not sent.
	 *
	 * @param tokensPerMinute the quota of tokens
	 * @param requestsPerMinute the quota of requests
	 * @param remainingTokens tokens that may be sent now
	 * @param remainingRequests requests that may be sent now
	 */
	record RateLimits(@Nullable Long tokensPerMinute, @Nullable Long requestsPerMinute, @Nullable Long remainingTokens,
			@Nullable Long remainingRequests) {
	}

	/** The provider answered 429: every request waits as it tells, and fewer run at once. */
	void rateLimited(Duration retryAfter) {
		this.lock.lock();
		try {
			this.inFlight--;
			long until = System.nanoTime() + retryAfter.toNanos();
			if (until - this.pausedUntil > 0) {
				this.pausedUntil = until;
			}
			this.answered = true;
			this.concurrency = Math.max(1, this.concurrency / 2);
			this.successesSinceRaise = 0;
			this.rateFactor = Math.max(0.5, this.rateFactor * 0.8);
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The request failed otherwise: it frees its place. */
	void failed() {
		this.lock.lock();
		try {
			this.inFlight--;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The largest request that paces smoothly: half a second's worth of the token quota. A provider enforcing its
	 * minute's quota over a second refuses a request near a second's worth whenever the previous one has not fully
	 * drained, so larger calls are split.
	 */
	long maxRequestTokens() {
		this.lock.lock();
		try {
			return (this.tokensPerMinute > 0) ? Math.max(1, (long) (capacity(this.tokensPerMinute) / 2))
					: Long.MAX_VALUE;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Requests allowed at once now. */
	int concurrency() {
		this.lock.lock();
		try {
			return this.concurrency;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void refill(long now) {
		double seconds = (double) (now - this.refilledAt) / NANOS_PER_SECOND;
		this.refilledAt = now;
		this.tokens = Math.min(capacity(this.tokensPerMinute), this.tokens + seconds * rate(this.tokensPerMinute));
		this.requests = Math.min(capacity(this.requestsPerMinute),
				this.requests + seconds * rate(this.requestsPerMinute));
	}

	/** Nanoseconds until the bucket holds the share of a request, 0 when it does now or there is no quota. */
	private long waitFor(double level, long amount, long perMinute) {
		if (perMinute <= 0) {
			return 0;
		}
		double needed = Math.min(amount, capacity(perMinute)) - level;
		if (needed <= 0) {
			return 0;
		}
		return Math.max(1, (long) Math.ceil(needed / rate(perMinute) * NANOS_PER_SECOND));
	}

	private double rate(long perMinute) {
		return perMinute * this.utilization * this.rateFactor / 60.0;
	}

	private double capacity(long perMinute) {
		return perMinute * this.utilization / 60.0;
	}

}
