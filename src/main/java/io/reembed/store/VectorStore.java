package io.reembed.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where vectors are kept. Every adapter honours the same contract, checked by one contract test suite.
 */
public interface VectorStore {

	/**
	 * Creates the collection unless it exists. An existing collection must hold the same model, dimensions and
	 * vector types.
	 * @throws IncompatibleCollectionException when it exists with another model or other dimensions
	 */
	void ensureCollection(CollectionSpec spec);

	/** The collection as it was created, or empty when there is none of that name. */
	Optional<CollectionSpec> describe(String collection);

	/**
	 * Writes the points and returns only once the store has durably acknowledged them. A point that exists is
	 * replaced, except for its named vectors that the new point does not carry, which are kept.
	 * @throws CollectionNotFoundException when the collection does not exist
	 * @throws IncompatibleCollectionException when a vector has the wrong dimensions or an unknown vector type
	 * @throws TransientVectorStoreException when the store may accept the write if asked again
	 */
	void upsert(String collection, List<VectorPoint> points);

	/** Nearest points of one tenant, closest first. */
	List<SearchHit> search(String collection, SearchRequest request);

	/** Number of points of one tenant. */
	long count(String collection, String clientId);

	/** Ids of all points of one tenant. */
	Set<UUID> pointIds(String collection, String clientId);

	/** Deletes the collection and its points; nothing happens when it does not exist. */
	void deleteCollection(String collection);

}
