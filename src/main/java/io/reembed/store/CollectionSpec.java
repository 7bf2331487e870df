package io.reembed.store;

import java.util.List;

import io.reembed.embedding.ModelSpec;

import org.springframework.util.Assert;

/**
 * A collection of points: its name, the one model whose vectors it holds, and its named vectors.
 *
 * @param name collection name, letters, digits, '-' and '_' only
 * @param dimensions length of every vector
 * @param modelFingerprint fingerprint of the only model whose vectors the collection accepts
 * @param vectorTypes one named vector per vector type (content, summary, metadata, ...)
 */
public record CollectionSpec(String name, int dimensions, String modelFingerprint, List<String> vectorTypes) {

	public CollectionSpec {
		Assert.isTrue(name.matches("[A-Za-z0-9_-]+"), () -> "collection name '" + name + "' must use letters, digits, '-' or '_'");
		Assert.isTrue(dimensions > 0, "dimensions must be positive");
		Assert.hasText(modelFingerprint, "modelFingerprint must not be empty");
		Assert.notEmpty(vectorTypes, "vectorTypes must not be empty");
		vectorTypes = List.copyOf(vectorTypes);
	}

	public static CollectionSpec of(String name, ModelSpec model, List<String> vectorTypes) {
		return new CollectionSpec(name, model.dimensions(), model.fingerprint(), vectorTypes);
	}

	/**
	 * Refuses points that say they were embedded by another model, in their {@link PayloadKeys#MODEL} payload:
	 * vectors of two models in one collection would be compared with each other as if they were alike.
	 * @throws IncompatibleCollectionException naming the collection, the point and both models
	 */
	public void requireModelOf(List<VectorPoint> points) {
		for (VectorPoint point : points) {
			Object model = point.payload().get(PayloadKeys.MODEL);
			if (model != null && !this.modelFingerprint.equals(model)) {
				throw new IncompatibleCollectionException("Collection '" + this.name + "' holds vectors of model '"
						+ this.modelFingerprint + "'; point " + point.id() + " was embedded by '" + model + "'");
			}
		}
	}

}
