package io.reembed.remote;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

import io.reembed.config.ReembedProperties.MessageFormat;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.batch.integration.partition.StepExecutionRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PartitionRequestConverterTests {

	@Test
	void aJsonRequestIsReadBackAsSent() {
		// given
		PartitionRequestConverter converter = new PartitionRequestConverter(MessageFormat.JSON);

		// when
		Message message = converter.toMessage(new StepExecutionRequest("backfill.partition", 12L),
				new MessageProperties());
		StepExecutionRequest read = converter.fromMessage(message);

		// then
		assertThat(message.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
		assertThat(new String(message.getBody(), StandardCharsets.UTF_8))
			.isEqualTo("{\"stepName\":\"backfill.partition\",\"stepExecutionId\":12}");
		assertThat(read.getStepName()).isEqualTo("backfill.partition");
		assertThat(read.getStepExecutionId()).isEqualTo(12L);
	}

	@Test
	void aJavaSerialisedRequestIsReadBackByAWorkerThatWritesJson() {
		// given
		Message message = new PartitionRequestConverter(MessageFormat.JAVA)
			.toMessage(new StepExecutionRequest("reembed.partition", 7L), new MessageProperties());

		// when
		StepExecutionRequest read = new PartitionRequestConverter(MessageFormat.JSON).fromMessage(message);

		// then
		assertThat(message.getMessageProperties().getContentType())
			.isEqualTo(MessageProperties.CONTENT_TYPE_SERIALIZED_OBJECT);
		assertThat(read.getStepName()).isEqualTo("reembed.partition");
		assertThat(read.getStepExecutionId()).isEqualTo(7L);
	}

	@Test
	void aJavaSerialisedObjectOfAnotherClassIsRefusedBeforeItIsBuilt() throws Exception {
		// given
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(new ArrayList<>());
		}
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_SERIALIZED_OBJECT);

		// when / then
		assertThatExceptionOfType(MessageConversionException.class).isThrownBy(() -> new PartitionRequestConverter(
				MessageFormat.JAVA)
			.fromMessage(new Message(bytes.toByteArray(), properties)));
	}

	@Test
	void aJsonRequestWithoutItsStepExecutionIsRefusedNamingWhatIsMissing() {
		// given
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		Message message = new Message("{\"stepName\":\"backfill.partition\"}".getBytes(StandardCharsets.UTF_8),
				properties);

		// when / then
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> new PartitionRequestConverter(MessageFormat.JSON).fromMessage(message))
			.withMessageContaining("stepExecutionId");
	}

}
