package io.reembed.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
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

	/**
	 * Deletes the points with these ids, with every vector type they carry, and returns once the store has durably
	 * acknowledged it; ids without a point are ignored.
	 * @throws CollectionNotFoundException when the collection does not exist
	 * @throws TransientVectorStoreException when the store may accept the delete if asked again
	 */
	void delete(String collection, Collection<UUID> pointIds);

	/**
	 * Returns once every point written to the collection so far is where the store keeps and serves it without further
	 * work: a search from any process finds it, and a restart of the store has nothing to replay. A store that
	 * acknowledges an upsert only then has nothing to do, which is what this default does; a store that has work to
	 * do throws {@link CollectionNotFoundException} when the collection does not exist.
	 */
	default void commit(String collection) {
	}

	/**
	 * Points the alias at the collection in one atomic step, creating the alias when it does not exist: a reader
	 * of the alias sees either the collection it pointed to before or the new one, never neither.
	 * @throws CollectionNotFoundException when the collection does not exist
	 * @throws IllegalArgumentException when a collection has the alias's name
	 */
	void switchAlias(String alias, String collection);

	/** The collection the alias points to, or empty when there is no such alias. */
	Optional<String> aliasTarget(String alias);

	/** Removes the alias; nothing happens when it does not exist. The collection stays. */
	void deleteAlias(String alias);

	/** Every alias, with the collection it points to. */
	Map<String, String> aliases();

	/** Names of all collections. */
	Set<String> collections();

	/** Nearest points of one tenant, closest first. The collection may be named by an alias. */
	List<SearchHit> search(String collection, SearchRequest request);

	/** Number of points of one tenant. The collection may be named by an alias. */
	long count(String collection, String clientId);

	/** Ids of all points of one tenant. The collection may be named by an alias. */
	Set<UUID> pointIds(String collection, String clientId);

	/**
	 * Deletes the collection and its points; nothing happens when it does not exist.
	 * @throws IllegalStateException when an alias points to the collection
	 */
	void deleteCollection(String collection);

}
