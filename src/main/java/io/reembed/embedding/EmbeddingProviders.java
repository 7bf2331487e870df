package io.reembed.embedding;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out one provider per model, loaded on first use: a local model is expensive to load and safe to share
 * between partitions.
 */
public final class EmbeddingProviders implements AutoCloseable {

	private final ModelRegistry registry;

	private final RemoteModels remoteModels;

	private final Map<String, EmbeddingProvider> providers = new ConcurrentHashMap<>();

	public EmbeddingProviders(ModelRegistry registry) {
		this(registry, List.of(), RemoteModels.NONE);
	}

	/**
	 * @param registered providers to serve as they are, under their model's name; their models join the registry
	 * @param remoteModels serves the OpenAI models
	 */
	public EmbeddingProviders(ModelRegistry registry, List<EmbeddingProvider> registered,
			RemoteModels remoteModels) {
		this.registry = registry;
		this.remoteModels = remoteModels;
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

	/**
	 * What makes texts ready for a model, for counting their tokens: a remote model's tokenizer needs no provider
	 * configured.
	 * @throws UnknownModelException when the registry does not hold the model
	 */
	public TextPreparer preparer(String modelName) {
		ModelSpec spec = this.registry.get(modelName);
		EmbeddingProvider provider = this.providers.get(spec.name());
		if (provider == null && ModelRegistry.OPENAI.equals(spec.provider())) {
			return this.remoteModels.preparer(spec);
		}
		return get(modelName);
	}

	private EmbeddingProvider create(ModelSpec spec) {
		if (ModelRegistry.HASH.equals(spec.provider())) {
			return new HashEmbeddingProvider(spec);
		}
		if (ModelRegistry.OPENAI.equals(spec.provider())) {
			return this.remoteModels.provider(spec);
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
