package io.reembed.config;

import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
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
		return new ModelRegistry(properties.embedding().hashDimensions());
	}

	@Bean
	EmbeddingProviders embeddingProviders(ModelRegistry modelRegistry,
			ObjectProvider<EmbeddingProvider> registeredProviders) {
		List<EmbeddingProvider> registered = registeredProviders.orderedStream().toList();
		return new EmbeddingProviders(modelRegistry, registered);
	}

}
