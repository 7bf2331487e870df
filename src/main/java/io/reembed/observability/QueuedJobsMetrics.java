package io.reembed.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@code reembed.jobs.queued} gauge, read from the {@link QueuedJobs} bean at every scrape, or 0 without one.
 */
public class QueuedJobsMetrics implements MeterBinder {

	private final ObjectProvider<QueuedJobs> queuedJobs;

	public QueuedJobsMetrics(ObjectProvider<QueuedJobs> queuedJobs) {
		this.queuedJobs = queuedJobs;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Looked up at each scrape: the queue may be created after the registries are bound.
		Gauge.builder(JobMetrics.QUEUED, this, QueuedJobsMetrics::count)
			.description("Jobs waiting in the queue to be launched")
			.strongReference(true)
			.register(registry);
	}

	private double count() {
		QueuedJobs queue = this.queuedJobs.getIfAvailable();
		return (queue != null) ? queue.count() : 0;
	}

}
