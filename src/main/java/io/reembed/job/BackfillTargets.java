package io.reembed.job;

import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.store.CollectionSpec;

/**
 * Resolves backfill parameters: the table against the catalog and the database metadata, the vector type against
 * the table's templates, the model against the registry.
 */
public final class BackfillTargets {

	private final TableCatalog catalog;

	private final SourceTables sourceTables;

	private final EmbeddingProviders providers;

	public BackfillTargets(TableCatalog catalog, SourceTables sourceTables, EmbeddingProviders providers) {
		this.catalog = catalog;
		this.sourceTables = sourceTables;
		this.providers = providers;
	}

	/**
	 * @throws io.reembed.source.InvalidTableDefinitionException for an unknown table, column or vector type
	 * @throws io.reembed.embedding.UnknownModelException for an unknown model
	 */
	public BackfillTarget resolve(BackfillParameters parameters) {
		SourceTable table = this.sourceTables.resolve(this.catalog.get(parameters.table()));
		table.definition().template(parameters.vectorType());
		table.clientIdValue(parameters.clientId());
		EmbeddingProvider provider = this.providers.get(parameters.model());
		CollectionSpec collection = CollectionSpec.of(CollectionNames.of(parameters.table(), parameters.model()),
				provider.model(), table.definition().vectorTypeNames());
		return new BackfillTarget(table, parameters.clientId(), parameters.vectorType(), provider, collection);
	}

}
