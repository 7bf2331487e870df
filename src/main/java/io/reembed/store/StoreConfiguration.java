package io.reembed.store;

import java.nio.file.Path;

import io.reembed.config.ReembedProperties;
import io.reembed.store.lucene.LuceneIndexOptions;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.store.qdrant.QdrantVectorStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The vector store that {@code reembed.store.type} names.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VectorStore vectorStore(ReembedProperties properties) {
		ReembedProperties.Store store = properties.store();
		return switch (store.type()) {
			case LUCENE -> new LuceneVectorStore(Path.of(store.lucene().path()),
					new LuceneIndexOptions(store.lucene().maxConnections(), store.lucene().beamWidth(),
							store.lucene().checkpointSize().toBytes(), store.lucene().searchCandidates()));
			case QDRANT -> QdrantVectorStore.connect(store.qdrant().host(), store.qdrant().port(),
					store.qdrant().apiKey(), store.qdrant().tls(), store.qdrant().timeout());
		};
	}

}
