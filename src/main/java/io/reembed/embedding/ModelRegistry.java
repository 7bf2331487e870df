package io.reembed.embedding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models reembed can embed with. A collection is planned with one of them and holds its vectors only.
 */
public final class ModelRegistry {

	/** The deterministic test provider's registry name. */
	public static final String HASH = "hash";

	/** A second deterministic test model, whose vectors differ from {@link #HASH}'s: a re-embed target. */
	public static final String HASH_V2 = "hash-v2";

	private static final String LOCAL_ONNX = "local-onnx";

	/**
	 * The provider of OpenAI's models, whether OpenAI or an Azure OpenAI deployment serves them: both serve the same
	 * weights, so their vectors share a collection.
	 */
	public static final String OPENAI = "openai";

	/** Longest input OpenAI's embedding models take, in their tokens. */
	public static final int OPENAI_MAX_INPUT_TOKENS = 8192;

	private static final String ARTIFACT_VERSION = "1.20.0-beta30";

	private final Map<String, ModelSpec> models = new LinkedHashMap<>();

	public ModelRegistry(int hashDimensions) {
		// The MiniLM artifacts' own tokenizer cuts at 128 word-pieces; bge-small takes its full 512.
		register(new ModelSpec("all-minilm-l6-v2", LOCAL_ONNX, "sentence-transformers/all-MiniLM-L6-v2",
				ARTIFACT_VERSION, 384, 128, true));
		register(new ModelSpec("all-minilm-l6-v2-q", LOCAL_ONNX, "sentence-transformers/all-MiniLM-L6-v2-quantized",
				ARTIFACT_VERSION, 384, 128, true));
		register(new ModelSpec("bge-small-en-v15", LOCAL_ONNX, "BAAI/bge-small-en-v1.5", ARTIFACT_VERSION, 384, 512,
				true));
		register(new ModelSpec("bge-small-en-v15-q", LOCAL_ONNX, "BAAI/bge-small-en-v1.5-quantized",
				ARTIFACT_VERSION, 384, 512, true));
		registerRemote("text-embedding-3-small", "text-embedding-3-small", 1536);
		registerRemote("text-embedding-3-large", "text-embedding-3-large", 3072);
		registerRemote("text-embedding-ada-002", "text-embedding-ada-002", 1536);
		register(new ModelSpec(HASH, HASH, "sha256-seeded-gaussian", "1", hashDimensions, 8192, true));
		register(new ModelSpec(HASH_V2, HASH, "sha256-seeded-gaussian", "2", hashDimensions, 8192, true));
	}

	/**
	 * Adds an OpenAI model, served by OpenAI or Azure OpenAI.
	 * @param dimensions vector length asked for; text-embedding-3 models give shorter vectors when asked
	 */
	public void registerRemote(String name, String modelId, int dimensions) {
		register(new ModelSpec(name, OPENAI, modelId, "1", dimensions, OPENAI_MAX_INPUT_TOKENS, true));
	}

	/**
	 * Adds a model, or replaces one of the same name.
	 */
	public void register(ModelSpec spec) {
		this.models.put(spec.name(), spec);
	}

	/**
	 * The model of that name.
	 * @throws UnknownModelException naming the model and the known ones
	 */
	public ModelSpec get(String name) {
		ModelSpec spec = this.models.get(name);
		if (spec == null) {
			throw new UnknownModelException(name, this.models.keySet());
		}
		return spec;
	}

	/** The model whose vectors have this fingerprint, as a collection records it. */
	public Optional<ModelSpec> byFingerprint(String fingerprint) {
		return this.models.values().stream().filter((spec) -> spec.fingerprint().equals(fingerprint)).findFirst();
	}

	public List<ModelSpec> all() {
		return List.copyOf(this.models.values());
	}

}
