package io.reembed.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.TableDefinition;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The tables reembed knows, one YAML file each, bound with Spring Boot's relaxed binding.
 */
public final class TableCatalog {

	private final Map<String, TableDefinition> tables;

	private TableCatalog(Map<String, TableDefinition> tables) {
		this.tables = tables;
	}

	/**
	 * Reads every {@code *.yml} and {@code *.yaml} file of a directory.
	 * @throws InvalidTableDefinitionException naming the file that cannot be read or bound
	 */
	public static TableCatalog load(Path directory) {
		if (!Files.isDirectory(directory)) {
			throw new InvalidTableDefinitionException(
					"Table definitions directory '" + directory.toAbsolutePath() + "' does not exist");
		}
		Map<String, TableDefinition> tables = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter(TableCatalog::isYaml).sorted().toList()) {
				TableDefinition definition = read(file);
				TableDefinition previous = tables.putIfAbsent(definition.table(), definition);
				if (previous != null) {
					throw new InvalidTableDefinitionException(
							"Table '" + definition.table() + "' is defined twice, again in " + file);
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidTableDefinitionException("Could not list table definitions in " + directory, ex);
		}
		return new TableCatalog(tables);
	}

	public static TableCatalog of(List<TableDefinition> definitions) {
		Map<String, TableDefinition> tables = new LinkedHashMap<>();
		definitions.forEach((definition) -> tables.put(definition.table(), definition));
		return new TableCatalog(tables);
	}

	private static boolean isYaml(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".yml") || name.endsWith(".yaml");
	}

	private static TableDefinition read(Path file) {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file.toString(),
					new FileSystemResource(file));
			Binder binder = new Binder(ConfigurationPropertySources.from(sources));
			return binder.bind("", Bindable.of(TableDefinition.class))
				.orElseThrow(() -> new InvalidTableDefinitionException("Table definition " + file + " is empty"));
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof InvalidTableDefinitionException invalid) {
				throw invalid;
			}
			throw new InvalidTableDefinitionException("Table definition " + file + " is invalid: " + rootMessage(ex),
					ex);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
	}

	/**
	 * The definition of a table.
	 * @throws InvalidTableDefinitionException when no file defines it
	 */
	public TableDefinition get(String table) {
		TableDefinition definition = this.tables.get(table);
		if (definition == null) {
			throw new InvalidTableDefinitionException("Unknown table '" + table + "'; configured tables: "
					+ String.join(", ", this.tables.keySet()));
		}
		return definition;
	}

	/** Every table, highest priority first, then by name. */
	public List<TableDefinition> byPriority() {
		return this.tables.values()
			.stream()
			.sorted(Comparator.comparingInt(TableDefinition::priority).reversed().thenComparing(TableDefinition::table))
			.toList();
	}

}
