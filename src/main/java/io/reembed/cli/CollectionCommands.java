package io.reembed.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.reembed.config.TableCatalog;
import io.reembed.job.AliasNames;
import io.reembed.job.TableCollections;

/**
 * {@code rollback --table issues [--client 42]} and {@code cleanup --table issues [--keep 1]}: moving a table's
 * aliases back, and deleting the collections no alias serves.
 */
final class CollectionCommands {

	private final TableCatalog catalog;

	private final TableCollections collections;

	private final Console console;

	CollectionCommands(TableCatalog catalog, TableCollections collections, Console console) {
		this.catalog = catalog;
		this.collections = collections;
		this.console = console;
	}

	/** Without {@code --client}, every client alias of the table goes back. */
	int rollback(CommandLineArguments arguments) {
		String table = this.catalog.get(arguments.required("table", "issues")).table();
		Map<String, String> aliases = new TreeMap<>(this.collections.aliases(table));
		if (arguments.option("client").isPresent()) {
			String alias = AliasNames.of(table, arguments.option("client").get());
			aliases.keySet().retainAll(List.of(alias));
			if (aliases.isEmpty()) {
				throw new IllegalStateException("Alias '" + alias + "' does not exist");
			}
		}
		if (aliases.isEmpty()) {
			throw new IllegalStateException("Table '" + table + "' has no aliases to roll back");
		}
		aliases.forEach((alias, current) -> {
			String previous = this.collections.rollback(alias);
			this.console.out().printf("%s: %s -> %s%n", alias, current, previous);
		});
		return ExitCodes.COMPLETED;
	}

	int cleanup(CommandLineArguments arguments) {
		String table = this.catalog.get(arguments.required("table", "issues")).table();
		int keep = Integer.parseInt(arguments.option("keep").orElse("1"));
		if (keep < 0) {
			throw new UsageException("--keep must not be negative");
		}
		List<String> deleted = this.collections.cleanup(table, keep);
		if (deleted.isEmpty()) {
			this.console.out().printf("Nothing to delete: table '%s' has no more than %d collection(s) that no "
					+ "alias serves%n", table, keep);
		}
		deleted.forEach((collection) -> this.console.out().printf("Deleted %s%n", collection));
		return ExitCodes.COMPLETED;
	}

}
