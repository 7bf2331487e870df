package io.reembed.embedding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic provider for tests and benchmarks only: the same text always gives the same unit vector, and
 * different texts give unrelated ones; another model version gives other vectors. It measures the pipeline without
 * a model's cost and is never a default.
 */
public final class HashEmbeddingProvider implements EmbeddingProvider {

	private final ModelSpec model;

	public HashEmbeddingProvider(ModelSpec model) {
		this.model = model;
	}

	@Override
	public ModelSpec model() {
		return this.model;
	}

	/** Counts whitespace-separated words as tokens and stops reading at the limit, so long texts cost no more. */
	@Override
	public PreparedText prepare(String text) {
		int limit = this.model.maxTokens();
		int words = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length(); i++) {
			boolean space = Character.isWhitespace(text.charAt(i));
			if (!space && !inWord) {
				if (words == limit) {
					return new PreparedText(text.substring(0, i).stripTrailing(), limit, true);
				}
				words++;
			}
			inWord = !space;
		}
		return new PreparedText(text, words, false);
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (String text : texts) {
			vectors.add(vector(text));
		}
		return vectors;
	}

	private float[] vector(String text) {
		SplittableRandom random = new SplittableRandom(seed(text) ^ this.model.version().hashCode());
		float[] vector = new float[this.model.dimensions()];
		double norm = 0;
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) (random.nextDouble() * 2 - 1);
			norm += vector[i] * vector[i];
		}
		float scale = (float) (1 / Math.sqrt(norm));
		for (int i = 0; i < vector.length; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

	private static long seed(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return ByteBuffer.wrap(digest).getLong();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
