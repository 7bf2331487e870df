package io.reembed.job;

import java.nio.file.Path;

import io.reembed.config.ReembedProperties;
import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.CountingEmbeddingProvider;
import io.reembed.support.FaultInjectingVectorStore;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The hash provider, counted, and the Lucene store, with faults on demand.
 */
@TestConfiguration(proxyBeanMethods = false)
public class BackfillTestConfiguration {

	@Bean
	CountingEmbeddingProvider countingHashProvider(ModelRegistry modelRegistry) {
		return new CountingEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)));
	}

	@Bean
	@Primary
	FaultInjectingVectorStore faultInjectingVectorStore(ReembedProperties properties) {
		return new FaultInjectingVectorStore(
				new LuceneVectorStore(Path.of(properties.store().lucene().path()).resolveSibling("lucene-faults")));
	}

}
