package io.reembed.embedding.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * An embedding model the server serves, and the vectors it answers: deterministic per model and
 * text, unit length, and shortened as text-embedding-3 shortens them (the leading components,
 * renormalised), so a shortened vector is a prefix of the full one up to scale.
 *
 * @param name the model id
 * @param dimensions the model's native dimensions
 * @param shortenable whether the model accepts the {@code dimensions} parameter
 */
record ServedModel(String name, int dimensions, boolean shortenable) {

	static final Map<String, ServedModel> ALL = Map.of("text-embedding-ada-002",
			new ServedModel("text-embedding-ada-002", 1536, false), "text-embedding-3-small",
			new ServedModel("text-embedding-3-small", 1536, true), "text-embedding-3-large",
			new ServedModel("text-embedding-3-large", 3072, true));

	static @Nullable ServedModel find(String name) {
		return ALL.get(name);
	}

	/**
	 * Return the vector of a text.
	 * @param text the input text
	 * @param size the dimensions asked for, at most the native dimensions
	 * @return the unit-length vector
	 */
	float[] vector(String text, int size) {
		if (size < 1 || size > this.dimensions) {
			throw new IllegalArgumentException(
					"Dimensions of " + this.name + " must be between 1 and " + this.dimensions + ", not " + size);
		}
		SplittableRandom random = new SplittableRandom(seed(text));
		double[] components = new double[this.dimensions];
		double norm = 0;
		for (int i = 0; i < components.length; i++) {
			components[i] = random.nextGaussian();
			norm += components[i] * components[i];
		}
		float[] full = scale(components, this.dimensions, norm);
		if (size == this.dimensions) {
			return full;
		}
		double[] leading = new double[size];
		double leadingNorm = 0;
		for (int i = 0; i < size; i++) {
			leading[i] = full[i];
			leadingNorm += leading[i] * leading[i];
		}
		return scale(leading, size, leadingNorm);
	}

	private static float[] scale(double[] components, int size, double squaredNorm) {
		double inverse = (squaredNorm > 0) ? 1 / Math.sqrt(squaredNorm) : 0;
		float[] vector = new float[size];
		for (int i = 0; i < size; i++) {
			vector[i] = (float) (components[i] * inverse);
		}
		return vector;
	}

	private long seed(String text) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(this.name.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
			long seed = 0;
			for (int i = 0; i < Long.BYTES; i++) {
				seed = (seed << 8) | (hash[i] & 0xFF);
			}
			return seed;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
