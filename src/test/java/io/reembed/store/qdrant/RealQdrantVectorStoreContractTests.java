package io.reembed.store.qdrant;

import java.net.URI;
import java.time.Duration;

import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreContractTests;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The vector store contract, met by the Qdrant adapter against a real server. Runs only when {@code QDRANT_URL}
 * names its gRPC endpoint, e.g. {@code http://localhost:6334} or {@code localhost:6334}; {@code QDRANT_API_KEY} is
 * sent when set. Every collection it creates has a unique name and is dropped after its test.
 */
@EnabledIfEnvironmentVariable(named = "QDRANT_URL", matches = ".+")
class RealQdrantVectorStoreContractTests extends VectorStoreContractTests {

	private static final int DEFAULT_GRPC_PORT = 6334;

	@Override
	protected VectorStore createStore() {
		Endpoint endpoint = Endpoint.parse(System.getenv("QDRANT_URL"));
		return QdrantVectorStore.connect(endpoint.host(), endpoint.port(), System.getenv("QDRANT_API_KEY"),
				endpoint.tls(), Duration.ofSeconds(30));
	}

	/** Where the gRPC server listens; TLS only when the URL says https. */
	record Endpoint(String host, int port, boolean tls) {

		static Endpoint parse(String url) {
			String trimmed = url.trim();
			URI uri = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
			if (uri.getHost() == null) {
				throw new IllegalArgumentException("QDRANT_URL '" + url + "' names no host");
			}
			int port = (uri.getPort() != -1) ? uri.getPort() : DEFAULT_GRPC_PORT;
			return new Endpoint(uri.getHost(), port, "https".equalsIgnoreCase(uri.getScheme()));
		}

	}

}
