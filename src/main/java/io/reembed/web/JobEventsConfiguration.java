package io.reembed.web;

import io.reembed.config.ReembedProperties;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.web.security.ApiTokens;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server-sent event streams of jobs' progress, that {@link JobEventsController} opens.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class JobEventsConfiguration {

	/** Threads reading and sending the jobs' progress: each stream takes one only for a moment a second. */
	private static final int THREADS = 2;

	@Bean
	JobEventStreams jobEventStreams(Orchestrator orchestrator, ApiTokens apiTokens, ReembedProperties properties) {
		ReembedProperties.Orchestrator settings = properties.orchestrator();
		return new JobEventStreams(orchestrator, apiTokens, settings.eventsInterval(), settings.eventsTimeout(),
				THREADS);
	}

}
