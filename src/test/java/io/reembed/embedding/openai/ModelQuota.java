package io.reembed.embedding.openai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The token and request buckets of one model (OpenAI) or one deployment (Azure). A request is
 * admitted only when both buckets can give it what it costs; a refused request takes nothing.
 */
final class ModelQuota {

	private final QuotaSettings settings;

	private final @Nullable TokenBucket tokens;

	private final @Nullable TokenBucket requests;

	ModelQuota(QuotaSettings settings, long now) {
		this.settings = settings;
		this.tokens = (settings.tokensPerMinute() > 0) ? new TokenBucket(settings.tokensPerMinute(), settings.window(), now)
				: null;
		this.requests = (settings.requestsPerMinute() > 0)
				? new TokenBucket(settings.requestsPerMinute(), settings.window(), now) : null;
	}

	QuotaSettings settings() {
		return this.settings;
	}

	/**
	 * Admit a request of this many prompt tokens, or say why not and for how long.
	 * @param cost the request's prompt tokens
	 * @param now {@link System#nanoTime()}
	 * @return the decision, with the rate-limit state after it
	 */
	synchronized Decision acquire(long cost, long now) {
		refill(now);
		if (this.tokens != null && cost > this.tokens.limit()) {
			return new Decision(Outcome.TOO_LARGE, Duration.ZERO, Limit.TOKENS, this.tokens.limit(), 0, cost, state());
		}
		Duration tokensWait = (this.tokens != null) ? this.tokens.untilAvailable(cost) : Duration.ZERO;
		Duration requestsWait = (this.requests != null) ? this.requests.untilAvailable(1) : Duration.ZERO;
		if (this.requests != null && !requestsWait.isZero() && requestsWait.compareTo(tokensWait) >= 0) {
			return new Decision(Outcome.LIMITED, requestsWait, Limit.REQUESTS, this.requests.limit(), this.requests.used(),
					1, state());
		}
		if (this.tokens != null && !tokensWait.isZero()) {
			return new Decision(Outcome.LIMITED, tokensWait, Limit.TOKENS, this.tokens.limit(), this.tokens.used(), cost,
					state());
		}
		if (this.tokens != null) {
			this.tokens.take(cost);
		}
		if (this.requests != null) {
			this.requests.take(1);
		}
		return new Decision(Outcome.GRANTED, Duration.ZERO, Limit.TOKENS, 0, 0, cost, state());
	}

	/**
	 * Return the rate-limit state without taking anything, for answers refused before the quota.
	 * @param now {@link System#nanoTime()}
	 * @return the state
	 */
	synchronized State peek(long now) {
		refill(now);
		return state();
	}

	private void refill(long now) {
		if (this.tokens != null) {
			this.tokens.refill(now);
		}
		if (this.requests != null) {
			this.requests.refill(now);
		}
	}

	private State state() {
		return new State((this.requests != null) ? new BucketState(this.requests) : null,
				(this.tokens != null) ? new BucketState(this.tokens) : null);
	}

	enum Outcome {

		GRANTED, LIMITED, TOO_LARGE

	}

	enum Limit {

		TOKENS("tokens", "tokens per min (TPM)"), REQUESTS("requests", "requests per min (RPM)");

		private final String type;

		private final String description;

		Limit(String type, String description) {
			this.type = type;
			this.description = description;
		}

		String type() {
			return this.type;
		}

		String description() {
			return this.description;
		}

	}

	/**
	 * What the quota decided about one request.
	 *
	 * @param outcome admitted, limited for now, or larger than the limit itself
	 * @param retryIn how long until the request would fit, for a limited request
	 * @param limit which limit refused it
	 * @param perMinute that limit per minute
	 * @param used what the limit's window holds spent
	 * @param requested what the request asked of that limit
	 * @param state the buckets after the decision
	 */
	record Decision(Outcome outcome, Duration retryIn, Limit limit, long perMinute, long used, long requested, State state) {

	}

	/**
	 * One bucket's state as the rate-limit headers report it.
	 *
	 * @param limit the limit per minute
	 * @param remaining the bucket's level, floored
	 * @param reset the time until the bucket is full again
	 */
	record BucketState(long limit, long remaining, Duration reset) {

		BucketState(TokenBucket bucket) {
			this(bucket.limit(), bucket.remaining(), bucket.untilFull());
		}

	}

	/**
	 * The state of both buckets, either absent when that limit is not set.
	 *
	 * @param requests the request bucket
	 * @param tokens the token bucket
	 */
	record State(@Nullable BucketState requests, @Nullable BucketState tokens) {

		/**
		 * Return the headers OpenAI sends on every answer: limit, remaining and reset of each.
		 * @return the headers
		 */
		Map<String, String> openAiHeaders() {
			Map<String, String> headers = new LinkedHashMap<>();
			if (this.requests != null) {
				headers.put("x-ratelimit-limit-requests", Long.toString(this.requests.limit()));
			}
			if (this.tokens != null) {
				headers.put("x-ratelimit-limit-tokens", Long.toString(this.tokens.limit()));
			}
			if (this.requests != null) {
				headers.put("x-ratelimit-remaining-requests", Long.toString(this.requests.remaining()));
			}
			if (this.tokens != null) {
				headers.put("x-ratelimit-remaining-tokens", Long.toString(this.tokens.remaining()));
			}
			if (this.requests != null) {
				headers.put("x-ratelimit-reset-requests", OpenAiDurations.format(this.requests.reset()));
			}
			if (this.tokens != null) {
				headers.put("x-ratelimit-reset-tokens", OpenAiDurations.format(this.tokens.reset()));
			}
			return headers;
		}

		/**
		 * Return the headers Azure OpenAI sends: only what remains of each limit.
		 * @return the headers
		 */
		Map<String, String> azureHeaders() {
			Map<String, String> headers = new LinkedHashMap<>();
			if (this.requests != null) {
				headers.put("x-ratelimit-remaining-requests", Long.toString(this.requests.remaining()));
			}
			if (this.tokens != null) {
				headers.put("x-ratelimit-remaining-tokens", Long.toString(this.tokens.remaining()));
			}
			return headers;
		}

	}

}
