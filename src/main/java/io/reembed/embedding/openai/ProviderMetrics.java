package io.reembed.embedding.openai;

import java.math.BigDecimal;
import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What the remote providers cost and how they answer, by model and provider: tokens sent, estimated cost, requests
 * by outcome, 429s, retries and latency.
 */
final class ProviderMetrics {

	/** The request was answered with vectors. */
	static final String SUCCESS = "success";

	/** Answered 429. */
	static final String RATE_LIMITED = "rate_limited";

	/** A 5xx, a timeout, a broken connection or an unreadable answer: retried. */
	static final String FAILED = "failed";

	/** Refused for good (400, 401, 403, 404): not retried. */
	static final String REFUSED = "refused";

	private final MeterRegistry registry;

	ProviderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void answered(String model, Deployment deployment, String outcome, Duration latency) {
		Counter.builder("reembed.provider.requests")
			.description("Embedding requests sent to a remote provider, by outcome")
			.tags("model", model, "provider", deployment.provider(), "outcome", outcome)
			.register(this.registry)
			.increment();
		Timer.builder("reembed.provider.latency")
			.description("Time of one embedding request to a remote provider")
			.tags("model", model, "provider", deployment.provider())
			.publishPercentileHistogram()
			.register(this.registry)
			.record(latency);
		if (RATE_LIMITED.equals(outcome)) {
			Counter.builder("reembed.provider.rate.limited")
				.description("Requests a remote provider answered 429")
				.tags("model", model, "provider", deployment.provider())
				.register(this.registry)
				.increment();
		}
	}

	void embedded(String model, Deployment deployment, long tokens, BigDecimal pricePerMillion) {
		Counter.builder("reembed.provider.tokens")
			.description("Input tokens a remote provider embedded")
			.tags("model", model, "provider", deployment.provider())
			.register(this.registry)
			.increment(tokens);
		Counter.builder("reembed.provider.cost")
			.description("Estimated cost of the embedded tokens, at the configured price")
			.baseUnit("usd")
			.tags("model", model, "provider", deployment.provider())
			.register(this.registry)
			.increment(pricePerMillion.doubleValue() * tokens / 1_000_000.0);
	}

	void retried(String model, Deployment deployment) {
		Counter.builder("reembed.provider.retries")
			.description("Requests sent again after a failure or a 429")
			.tags("model", model, "provider", deployment.provider())
			.register(this.registry)
			.increment();
	}

}
