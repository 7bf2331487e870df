package io.reembed.orchestrator;

import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingException;
import io.reembed.embedding.ModelRegistry;
import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TableDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Checks a job request before it is queued, so that a job never waits in the queue only to fail on a name: the
 * table against the catalog and the database's metadata, the vector type against the table's templates, the client
 * id against the client column's type, the models against the registry.
 */
public final class JobRequestValidator {

	private final TableCatalog catalog;

	private final SourceTables sourceTables;

	private final ModelRegistry registry;

	public JobRequestValidator(TableCatalog catalog, SourceTables sourceTables, ModelRegistry registry) {
		this.catalog = catalog;
		this.sourceTables = sourceTables;
		this.registry = registry;
	}

	/**
	 * @throws InvalidJobRequestException naming what is unknown or malformed
	 */
	public void validate(JobRequest request) {
		try {
			TableDefinition definition = this.catalog.get(request.table());
			definition.template(request.vectorType());
			SourceTable table = this.sourceTables.resolve(definition);
			table.clientIdValue(request.clientId());
			model("sourceModel", request.sourceModel());
			model("targetModel", request.targetModel());
		}
		catch (InvalidTableDefinitionException | IllegalArgumentException ex) {
			throw new InvalidJobRequestException(ex.getMessage(), ex);
		}
		if (request.kind() == JobKind.REEMBED && request.targetModel() != null
				&& request.targetModel().equals(request.sourceModel())) {
			throw new InvalidJobRequestException(
					"sourceModel and targetModel of a re-embed must differ; both are '" + request.targetModel() + "'");
		}
	}

	private void model(String field, @Nullable String name) {
		if (name == null) {
			return;
		}
		try {
			this.registry.get(name);
		}
		catch (EmbeddingException ex) {
			throw new InvalidJobRequestException(field + ": " + ex.getMessage(), ex);
		}
	}

}
