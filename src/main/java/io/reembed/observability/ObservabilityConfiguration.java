package io.reembed.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs' metrics: a listener every job picks up, and the queue's gauge.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

	@Bean
	JobMetrics jobMetrics(MeterRegistry meterRegistry, ReembedProperties properties, TableCatalog tableCatalog,
			ModelRegistry modelRegistry) {
		return new JobMetrics(meterRegistry, properties, tableCatalog, modelRegistry);
	}

	@Bean
	QueuedJobsMetrics queuedJobsMetrics(ObjectProvider<QueuedJobs> queuedJobs) {
		return new QueuedJobsMetrics(queuedJobs);
	}

}
