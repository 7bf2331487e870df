package io.reembed.remote;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.reembed.config.ReembedProperties;
import io.reembed.config.ReembedProperties.Remote;
import io.reembed.config.ReembedProperties.StoreType;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Remote partitioning with Spring Batch Integration's {@link StepExecutionRequest} over Spring Integration AMQP: the
 * manager's outbound flow to the partition queue when {@code reembed.remote.enabled}, the worker's inbound flow from
 * it when {@code reembed.remote.worker.enabled} ({@code reembed worker}).
 */
@Configuration(proxyBeanMethods = false)
public class RemotePartitioningConfiguration {

	/** Spring Batch stamps step executions with the local time of the process that writes them. */
	private static final Clock CLOCK = Clock.systemDefaultZone();

	/** Sends the partition requests of this process's jobs. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("reembed.remote.enabled")
	@EnableIntegration
	static class Manager {

		@Bean
		Queue partitionRequestQueue(ReembedProperties properties) {
			return new Queue(properties.remote().queue(), true);
		}

		@Bean
		MessageChannel partitionRequests() {
			return new DirectChannel();
		}

		@Bean
		IntegrationFlow partitionRequestsToBroker(MessageChannel partitionRequests, ConnectionFactory connectionFactory,
				ReembedProperties properties) {
			RabbitTemplate template = new RabbitTemplate(connectionFactory);
			template.setMessageConverter(new PartitionRequestConverter(properties.remote().format()));
			return IntegrationFlow.from(partitionRequests)
				.handle(Amqp.outboundAdapter(template).routingKey(properties.remote().queue()))
				.get();
		}

		@Bean
		RemotePartitionHandlers remotePartitionHandlers(MessageChannel partitionRequests, JobRepository jobRepository,
				ReembedProperties properties) {
			requireSharedStore(properties);
			Remote settings = properties.remote();
			return new RemotePartitionHandlers(
					(request) -> partitionRequests.send(MessageBuilder.withPayload(request).build()), jobRepository,
					settings, new Staleness(settings.staleness(), CLOCK));
		}

	}

	/** Takes partition requests from the queue and runs them, one per consumer at a time. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("reembed.remote.worker.enabled")
	@EnableIntegration
	static class Worker {

		@Bean
		Queue workerPartitionRequestQueue(ReembedProperties properties) {
			return new Queue(properties.remote().queue(), true);
		}

		@Bean
		PartitionRequestWorker partitionRequestWorker(JobRepository jobRepository, ObjectProvider<Step> steps,
				ReembedProperties properties) {
			requireSharedStore(properties);
			Map<String, Step> byName = new LinkedHashMap<>();
			steps.orderedStream().forEach((step) -> byName.put(step.getName(), step));
			return new PartitionRequestWorker(jobRepository, byName,
					new Staleness(properties.remote().staleness(), CLOCK), properties.remote().worker().shutdownWait());
		}

		@Bean
		IntegrationFlow partitionRequestsFromBroker(ConnectionFactory connectionFactory,
				PartitionRequestWorker partitionRequestWorker, ReembedProperties properties) {
			SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
			container.setQueueNames(properties.remote().queue());
			// The broker hands a worker its next request only when the last one is acknowledged, after its step.
			container.setAcknowledgeMode(AcknowledgeMode.AUTO);
			container.setPrefetchCount(1);
			container.setConcurrentConsumers(properties.remote().worker().concurrency());
			// The worker's own stop has ended its partitions by then; this is the backstop for one that did not.
			container.setShutdownTimeout(properties.remote().worker().shutdownWait().toMillis());
			// A request that cannot be read would come back for ever; it is logged and dropped instead.
			container.setDefaultRequeueRejected(false);
			return IntegrationFlow
				.from(Amqp.inboundAdapter(container)
					.messageConverter(new PartitionRequestConverter(properties.remote().format())))
				.handle(StepExecutionRequest.class, (request, headers) -> {
					partitionRequestWorker.handle(request);
					return null;
				})
				.get();
		}

	}

	/** Workers on other machines write to the same collections, which a Lucene directory on one disk is not. */
	static void requireSharedStore(ReembedProperties properties) {
		if (properties.store().type() == StoreType.LUCENE) {
			throw new IllegalStateException("Remote partitioning needs a vector store that every worker reaches: "
					+ "the Lucene store is a directory on one machine. Set reembed.store.type=qdrant (or --store "
					+ "qdrant), or turn reembed.remote off");
		}
	}

}
