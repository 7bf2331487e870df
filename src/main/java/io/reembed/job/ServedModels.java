package io.reembed.job;

import java.util.List;
import java.util.Optional;

import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.VectorStore;

/**
 * Which model a client's table is searched with: the model of the collection its alias serves. A re-embed moves
 * the alias, so this, not the configured default, is the model later backfills and searches of the table use.
 */
public final class ServedModels {

	private final VectorStore store;

	private final ModelRegistry registry;

	public ServedModels(VectorStore store, ModelRegistry registry) {
		this.store = store;
		this.registry = registry;
	}

	/**
	 * The collection the client's alias of the table serves, and its model; empty before the first backfill.
	 * @throws IllegalStateException when no registered model makes the collection's vectors
	 */
	public Optional<Served> of(String table, String clientId) {
		String alias = AliasNames.of(table, clientId);
		return this.store.aliasTarget(alias).map((collection) -> {
			String fingerprint = this.store.describe(collection)
				.orElseThrow(() -> new CollectionNotFoundException(collection))
				.modelFingerprint();
			ModelSpec model = this.registry.byFingerprint(fingerprint)
				.orElseThrow(() -> new IllegalStateException("Collection '" + collection + "' holds vectors of model '"
						+ fingerprint + "', which no registered model produces"));
			return new Served(alias, collection, model.name());
		});
	}

	/**
	 * The clients whose alias of the table serves a collection of that model: whom a re-embed of the whole table
	 * from that model moves.
	 */
	public List<String> clientsServing(String table, String model) {
		return AliasNames.clients(table, this.store.aliases().keySet())
			.stream()
			.filter((clientId) -> of(table, clientId).map(Served::model).filter(model::equals).isPresent())
			.toList();
	}

	/**
	 * @param alias the client's alias of the table
	 * @param collection the collection it serves
	 * @param model registry name of that collection's model
	 */
	public record Served(String alias, String collection, String model) {
	}

}
