package io.reembed.orchestrator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.support.SlowEmbeddingProvider;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The {@code hash} model, slowed down and counted, and a listener that records how many jobs run at once.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OrchestratorTestConfiguration {

	@Bean
	SlowEmbeddingProvider slowHashProvider(ModelRegistry modelRegistry) {
		return new SlowEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)),
				Duration.ofMillis(20));
	}

	@Bean
	Concurrency concurrency() {
		return new Concurrency();
	}

	/**
	 * Job executions running at once, from their start to their end as Spring Batch sees them.
	 */
	static final class Concurrency implements JobExecutionListener {

		private final AtomicInteger running = new AtomicInteger();

		private final AtomicInteger most = new AtomicInteger();

		@Override
		public void beforeJob(JobExecution jobExecution) {
			int now = this.running.incrementAndGet();
			this.most.accumulateAndGet(now, Math::max);
		}

		@Override
		public void afterJob(JobExecution jobExecution) {
			this.running.decrementAndGet();
		}

		int most() {
			return this.most.get();
		}

		void reset() {
			this.most.set(this.running.get());
		}

	}

}
