package io.reembed.embedding;

import org.springframework.util.Assert;

/**
 * A model of the registry: what is needed to embed with it and to tell its vectors apart.
 *
 * @param name registry name used on the command line, e.g. {@code all-minilm-l6-v2}
 * @param provider provider that serves it, e.g. {@code local-onnx}
 * @param modelId the provider's own id of the model
 * @param version version of the weights
 * @param dimensions length of every vector
 * @param maxTokens longest input in the model's own tokens; longer texts are truncated
 * @param normalized whether vectors have unit length
 */
public record ModelSpec(String name, String provider, String modelId, String version, int dimensions, int maxTokens,
		boolean normalized) {

	public ModelSpec {
		Assert.hasText(name, "name must not be empty");
		Assert.hasText(provider, "provider must not be empty");
		Assert.isTrue(dimensions > 0, "dimensions must be positive");
		Assert.isTrue(maxTokens > 0, "maxTokens must be positive");
	}

	/**
	 * The identity of the vectors this model produces: two models with different fingerprints never share a
	 * collection.
	 */
	public String fingerprint() {
		return provider + "/" + modelId + "@" + version + "/" + dimensions + "/"
				+ (normalized ? "normalized" : "raw");
	}

}
