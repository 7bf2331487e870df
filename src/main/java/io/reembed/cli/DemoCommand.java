package io.reembed.cli;

import javax.sql.DataSource;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoLoadReport;
import io.reembed.demo.DemoRowCounts;
import io.reembed.demo.DemoTable;
import io.reembed.job.BackfillParameters;
import io.reembed.source.TableDefinition;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * {@code demo}: loads the demo tables (once), backfills every table of every demo client with the configured
 * model, and searches them.
 */
final class DemoCommand {

	static final String QUERY = "login fails after password reset";

	private final DataSource dataSource;

	private final TableCatalog catalog;

	private final BackfillCommand backfill;

	private final SearchCommand search;

	private final ReembedProperties properties;

	private final Console console;

	DemoCommand(DataSource dataSource, TableCatalog catalog, BackfillCommand backfill, SearchCommand search,
			ReembedProperties properties, Console console) {
		this.dataSource = dataSource;
		this.catalog = catalog;
		this.backfill = backfill;
		this.search = search;
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
				JobExecution execution = this.backfill.backfill(new BackfillParameters(table.table(),
						Long.toString(clientId), BackfillParameters.DEFAULT_VECTOR_TYPE, model, null));
				if (execution.getStatus() != BatchStatus.COMPLETED) {
					return ExitCodes.of(execution.getStatus());
				}
			}
		}
		this.console.out().println();
		return this.search.run(CommandLineArguments.parse(new String[] { "search", "--table", "issues", "--client",
				"42", "--limit", "5", QUERY }));
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
