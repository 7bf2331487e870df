package io.reembed.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue's gauge, with and without a queue.
 */
class QueuedJobsMetricsTests {

	@Test
	void withoutAQueueNoJobIsQueued() {
		// given
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		MeterRegistry registry = new SimpleMeterRegistry();

		// when
		new QueuedJobsMetrics(beanFactory.getBeanProvider(QueuedJobs.class)).bindTo(registry);

		// then
		assertThat(registry.get(JobMetrics.QUEUED).gauge().value()).isZero();
	}

	@Test
	void aQueueRegisteredAfterTheGaugeIsReadAtEachScrape() {
		// given
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		MeterRegistry registry = new SimpleMeterRegistry();
		new QueuedJobsMetrics(beanFactory.getBeanProvider(QueuedJobs.class)).bindTo(registry);
		long[] queued = { 3 };

		// when
		beanFactory.registerSingleton("queue", (QueuedJobs) () -> queued[0]);

		// then
		assertThat(registry.get(JobMetrics.QUEUED).gauge().value()).isEqualTo(3);
		queued[0] = 1;
		assertThat(registry.get(JobMetrics.QUEUED).gauge().value()).isEqualTo(1);
	}

}
