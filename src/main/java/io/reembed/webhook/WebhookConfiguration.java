package io.reembed.webhook;

import io.reembed.config.ReembedProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The webhooks: a listener every job picks up, and the sender it hands events to.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

	@Bean
	WebhookSender webhookSender(ReembedProperties properties) {
		return new WebhookSender(properties.webhooks());
	}

	@Bean
	WebhookNotifier webhookNotifier(WebhookSender webhookSender, ReembedProperties properties) {
		return new WebhookNotifier(webhookSender, properties.webhooks().statuses());
	}

}
