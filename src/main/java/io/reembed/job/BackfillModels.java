package io.reembed.job;

import java.util.Optional;

import io.reembed.config.TableCatalog;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TableDefinition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which model a backfill of a client's table embeds with, when it is launched: the model it names; else the model
 * of the collection the client's alias of the table serves, so that a collection never mixes models; else the
 * model the table's definition names; else the model the {@link ModelSelection} chooses for the rows in scope. The launch puts it in the job's identifying
 * parameters, so a restart embeds with the same model whatever the rows have become.
 */
public final class BackfillModels {

	private static final Logger logger = LoggerFactory.getLogger(BackfillModels.class);

	private final TableCatalog catalog;

	private final SourceTables sourceTables;

	private final JdbcTemplate jdbcTemplate;

	private final ServedModels servedModels;

	private final ModelSelection selection;

	public BackfillModels(TableCatalog catalog, SourceTables sourceTables, JdbcTemplate jdbcTemplate,
			ServedModels servedModels, ModelSelection selection) {
		this.catalog = catalog;
		this.sourceTables = sourceTables;
		this.jdbcTemplate = jdbcTemplate;
		this.servedModels = servedModels;
		this.selection = selection;
	}

	/**
	 * @param model the model the backfill names, if any
	 * @throws io.reembed.source.InvalidTableDefinitionException for an unknown table or column, when the rows in
	 * scope are counted
	 */
	public ModelChoice choose(String table, String clientId, @Nullable String model) {
		Optional<ServedModels.Served> served = this.servedModels.of(table, clientId);
		ModelChoice choice;
		if (model != null) {
			choice = new ModelChoice(model, served.filter((s) -> !s.model().equals(model))
				.map((s) -> "as named, but alias " + s.alias() + " serves model " + s.model()
						+ ": a backfill with another model fails, a re-embed moves the table to it")
				.orElse("as named"));
		}
		else if (served.isPresent()) {
			choice = new ModelChoice(served.get().model(),
					"served by alias " + served.get().alias() + " (collection " + served.get().collection() + ")");
		}
		else {
			choice = firstCollectionModel(table, clientId);
		}
		logger.info("Backfill of table '{}' for client {}: {}", table, clientId, choice.description());
		return choice;
	}

	private ModelChoice firstCollectionModel(String table, String clientId) {
		TableDefinition definition = this.catalog.get(table);
		String configured = definition.model();
		if (configured != null) {
			return new ModelChoice(configured, "configured for table '" + table + "'");
		}
		SourceTable source = this.sourceTables.resolve(definition);
		return this.selection.select(new ScopedRows(this.jdbcTemplate, source, clientId).count());
	}

}
