package io.reembed.cli;

import javax.sql.DataSource;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoLoadReport;
import io.reembed.demo.DemoRowCounts;
import io.reembed.demo.DemoTable;
import io.reembed.job.AliasNames;
import io.reembed.job.BackfillOptions;
import io.reembed.job.BackfillParameters;
import io.reembed.job.CollectionNames;
import io.reembed.job.ReembedParameters;
import io.reembed.job.TableCollections;
import io.reembed.source.TableDefinition;
import io.reembed.store.VectorStore;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * {@code demo}: loads the demo tables (once), backfills every table of every demo client with the configured
 * model, searches them, then re-embeds client 42's issues into a second model, which serves the same search once
 * its quality gate has passed.
 */
final class DemoCommand {

	static final String QUERY = "login fails after password reset";

	static final String REEMBED_MODEL = "bge-small-en-v15";

	private static final String REEMBED_TABLE = "issues";

	private static final String REEMBED_CLIENT = "42";

	private final DataSource dataSource;

	private final TableCatalog catalog;

	private final BackfillCommand backfill;

	private final SearchCommand search;

	private final ReembedCommand reembed;

	private final VectorStore store;

	private final TableCollections collections;

	private final ReembedProperties properties;

	private final Console console;

	DemoCommand(DataSource dataSource, TableCatalog catalog, BackfillCommand backfill, SearchCommand search,
			ReembedCommand reembed, VectorStore store, TableCollections collections, ReembedProperties properties,
			Console console) {
		this.dataSource = dataSource;
		this.catalog = catalog;
		this.backfill = backfill;
		this.search = search;
		this.reembed = reembed;
		this.store = store;
		this.collections = collections;
		this.properties = properties;
		this.console = console;
	}

	int run(CommandLineArguments arguments) throws Exception {
		DemoDataGenerator generator = new DemoDataGenerator(this.dataSource, DemoDataGenerator.DEFAULT_SEED);
		generator.createTables();
		DemoLoadReport report = generator.loadIfEmpty();
		printCounts(report);
		String model = arguments.option("model").orElse(this.properties.embedding().model());
		for (long clientId : DemoDataGenerator.CLIENT_IDS) {
			for (TableDefinition table : this.catalog.byPriority()) {
				serveModel(table.table(), Long.toString(clientId), model);
				// Incremental: a demo run over data an earlier run embedded embeds only what changed.
				JobExecution execution = this.backfill.backfill(new BackfillParameters(table.table(),
						Long.toString(clientId), BackfillParameters.DEFAULT_VECTOR_TYPE, model, null),
						BackfillOptions.INCREMENTAL);
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					return ExitCodes.of(execution.getStatus());
				}
			}
		}
		this.console.out().println();
		int searched = search();
		String reembedModel = arguments.option("reembed-to").orElse(REEMBED_MODEL);
		if (searched != ExitCodes.COMPLETED || reembedModel.equals(model)) {
			return searched;
		}
		this.console.out().println();
		JobExecution reembedded = this.reembed
			.reembed(new ReembedParameters(REEMBED_TABLE, REEMBED_CLIENT, BackfillParameters.DEFAULT_VECTOR_TYPE,
					model, reembedModel, null));
		if (reembedded.getStatus() != BatchStatus.COMPLETED) {
			return ExitCodes.of(reembedded.getStatus());
		}
		this.console.out().println();
		return search();
	}

	private int search() throws Exception {
		return this.search.run(CommandLineArguments.parse(new String[] { "search", "--table", REEMBED_TABLE,
				"--client", REEMBED_CLIENT, "--limit", "5", QUERY }));
	}

	/**
	 * A demo run after an earlier one finds the alias on the re-embedded collection: point it back at the backfill
	 * model's collection, which the backfill that follows brings up to date.
	 */
	private void serveModel(String table, String clientId, String model) {
		String alias = AliasNames.of(table, clientId);
		String collection = CollectionNames.of(table, model);
		boolean servesAnother = this.store.aliasTarget(alias)
			.filter((served) -> !served.equals(collection))
			.isPresent();
		if (servesAnother && this.store.describe(collection).isPresent()) {
			this.collections.switchAlias(alias, collection, "demo");
		}
	}

	private void printCounts(DemoLoadReport report) {
		DemoRowCounts counts = report.counts();
		this.console.out()
			.printf("Demo data %s: %d rows%n", report.loadedAnything() ? "loaded" : "already present", counts.total());
		for (DemoTable table : DemoTable.values()) {
			StringBuilder clients = new StringBuilder();
			for (long clientId : DemoDataGenerator.CLIENT_IDS) {
				clients.append(String.format("  client %d: %5d", clientId, counts.count(table, clientId)));
			}
			this.console.out().printf("  %-22s %s%n", table.tableName(), clients);
		}
		this.console.out().println();
	}

}
