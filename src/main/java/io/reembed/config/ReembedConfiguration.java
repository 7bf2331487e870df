package io.reembed.config;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.openai.OpenAiModels;
import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.source.SourceTables;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The table catalog, the source metadata checks and the embedding models.
 */
@Configuration(proxyBeanMethods = false)
public class ReembedConfiguration {

	@Bean
	TableCatalog tableCatalog(ReembedProperties properties) {
		return TableCatalog.load(Path.of(properties.tables().location()));
	}

	@Bean
	SourceTables sourceTables(DataSource dataSource) {
		return new SourceTables(dataSource);
	}

	@Bean
	ModelRegistry modelRegistry(ReembedProperties properties) {
		ModelRegistry registry = new ModelRegistry(properties.embedding().hashDimensions());
		for (ReembedProperties.RemoteModel model : properties.embedding().remoteModels()) {
			registry.registerRemote(model.name(), model.modelId(), model.dimensions());
		}
		return registry;
	}

	@Bean
	OpenAiModels openAiModels(ReembedProperties properties, MeterRegistry meterRegistry) {
		return new OpenAiModels(properties.providers(), properties.embedding().prices(), meterRegistry);
	}

	@Bean
	EmbeddingProviders embeddingProviders(ModelRegistry modelRegistry,
			ObjectProvider<EmbeddingProvider> registeredProviders, OpenAiModels openAiModels) {
		List<EmbeddingProvider> registered = registeredProviders.orderedStream().toList();
		return new EmbeddingProviders(modelRegistry, registered, openAiModels);
	}

}
