package io.reembed.embedding.openai;

import java.math.BigDecimal;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every meter of the remote providers, registered as their calls register them, for tests of what is exported.
 */
public final class ProviderMeters {

	private ProviderMeters() {
	}

	public static void register(MeterRegistry registry) {
		ProviderMetrics metrics = new ProviderMetrics(registry);
		Deployment deployment = new Deployment(Deployment.OPENAI, "text-embedding-3-small");
		for (String outcome : new String[] { ProviderMetrics.SUCCESS, ProviderMetrics.RATE_LIMITED,
				ProviderMetrics.FAILED, ProviderMetrics.REFUSED }) {
			metrics.answered("text-embedding-3-small", deployment, outcome, Duration.ofMillis(120));
		}
		metrics.embedded("text-embedding-3-small", deployment, 1_000, new BigDecimal("0.02"));
		metrics.retried("text-embedding-3-small", deployment);
	}

}
