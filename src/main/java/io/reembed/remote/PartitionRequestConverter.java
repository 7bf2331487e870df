package io.reembed.remote;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.reembed.config.ReembedProperties.MessageFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Writes partition requests in the configured format and reads either, by the message's content type, so that
 * workers keep up while their managers change format. Java serialisation is read back for the request class alone:
 * a message that would build anything else is refused.
 */
final class PartitionRequestConverter implements MessageConverter {

	private static final String JSON = MessageProperties.CONTENT_TYPE_JSON;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final SimpleMessageConverter javaSerialization = new SimpleMessageConverter();

	private final MessageFormat format;

	PartitionRequestConverter(MessageFormat format) {
		this.format = format;
		this.javaSerialization.setAllowedListPatterns(List.of(StepExecutionRequest.class.getName()));
	}

	@Override
	public Message toMessage(Object object, MessageProperties properties) {
		if (!(object instanceof StepExecutionRequest request)) {
			throw new MessageConversionException("Only partition requests are sent, not " + object.getClass());
		}
		if (this.format == MessageFormat.JAVA) {
			return this.javaSerialization.toMessage(request, properties);
		}
		properties.setContentType(JSON);
		properties.setContentEncoding("UTF-8");
		byte[] body = this.jsonMapper
			.writeValueAsBytes(new RequestBody(request.getStepName(), request.getStepExecutionId()));
		properties.setContentLength(body.length);
		return new Message(body, properties);
	}

	@Override
	public StepExecutionRequest fromMessage(Message message) {
		String contentType = message.getMessageProperties().getContentType();
		if (MessageProperties.CONTENT_TYPE_SERIALIZED_OBJECT.equals(contentType)) {
			Object request;
			try {
				request = this.javaSerialization.fromMessage(message);
			}
			catch (SecurityException ex) {
				throw new MessageConversionException(
						"A Java-serialised partition request may hold a StepExecutionRequest and nothing else", ex);
			}
			if (request instanceof StepExecutionRequest stepExecutionRequest) {
				return stepExecutionRequest;
			}
			throw new MessageConversionException("A partition request was expected, not " + request.getClass());
		}
		if (contentType == null || !contentType.startsWith(JSON)) {
			throw new MessageConversionException("Partition requests are JSON or Java-serialised, not " + contentType);
		}
		try {
			RequestBody body = this.jsonMapper.readValue(message.getBody(), RequestBody.class);
			if (body.stepName() == null || body.stepExecutionId() == null) {
				throw new MessageConversionException("A partition request needs stepName and stepExecutionId: "
						+ new String(message.getBody(), StandardCharsets.UTF_8));
			}
			return new StepExecutionRequest(body.stepName(), body.stepExecutionId());
		}
		catch (JacksonException ex) {
			throw new MessageConversionException("Unreadable partition request", ex);
		}
	}

	/** The JSON form of a request. */
	record RequestBody(@Nullable String stepName, @Nullable Long stepExecutionId) {
	}

}
