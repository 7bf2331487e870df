package io.reembed.embedding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one provider per model, loaded on first use: a local model is expensive to load and safe to share
 * between partitions.
 */
public final class EmbeddingProviders implements AutoCloseable {

	private final ModelRegistry registry;

	private final Map<String, EmbeddingProvider> providers = new ConcurrentHashMap<>();

	public EmbeddingProviders(ModelRegistry registry) {
		this(registry, java.util.List.of());
	}

	/**
	 * @param registered providers to serve as they are, under their model's name; their models join the registry
	 */
	public EmbeddingProviders(ModelRegistry registry, java.util.List<EmbeddingProvider> registered) {
		this.registry = registry;
		for (EmbeddingProvider provider : registered) {
			registry.register(provider.model());
			this.providers.put(provider.model().name(), provider);
		}
	}

	public ModelRegistry registry() {
		return this.registry;
	}

	/**
	 * The provider of a registry model.
	 * @throws UnknownModelException when the registry does not hold it
	 */
	public EmbeddingProvider get(String modelName) {
		ModelSpec spec = this.registry.get(modelName);
		return this.providers.computeIfAbsent(spec.name(), (name) -> create(spec));
	}

	private static EmbeddingProvider create(ModelSpec spec) {
		if (ModelRegistry.HASH.equals(spec.provider())) {
			return new HashEmbeddingProvider(spec);
		}
		return LocalOnnxEmbeddingProvider.load(spec);
	}

	@Override
	public void close() throws Exception {
		for (EmbeddingProvider provider : this.providers.values()) {
			if (provider instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

}
