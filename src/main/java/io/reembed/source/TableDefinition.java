package io.reembed.source;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * A table to embed, as declared in {@code batch-config/tables/*.yml}.
 *
 * @param table table name
 * @param primaryKey single-column primary key; integer, text or UUID
 * @param clientColumn column holding the tenant id
 * @param updatedAtColumn column holding the last change time, if the table has one
 * @param activeColumn boolean column marking live rows, if the table has one; inactive rows are not embedded
 * @param priority backfill order when all tables of a client are backfilled, highest first
 * @param payloadColumns columns copied onto each point
 * @param vectorTypes the text template of each vector type
 * @param model registry name of the model the table is embedded with, if the table names one: a first backfill
 * creates its collection with it, and {@code serve} re-embeds a client whose alias serves another model
 */
public record TableDefinition(String table, String primaryKey, String clientColumn, @Nullable String updatedAtColumn,
		@Nullable String activeColumn, @DefaultValue("5") int priority, @DefaultValue List<String> payloadColumns,
		Map<String, TextTemplate> vectorTypes, @Nullable String model) {

	public TableDefinition {
		Assert.hasText(table, "table must not be empty");
		Assert.hasText(primaryKey, () -> "primary-key of table '" + table + "' must not be empty");
		Assert.hasText(clientColumn, () -> "client-column of table '" + table + "' must not be empty");
		Assert.notEmpty(vectorTypes, () -> "vector-types of table '" + table + "' must not be empty");
		payloadColumns = List.copyOf(payloadColumns);
		vectorTypes = Map.copyOf(vectorTypes);
	}

	/** The template of a vector type. */
	public TextTemplate template(String vectorType) {
		TextTemplate template = this.vectorTypes.get(vectorType);
		if (template == null) {
			throw new InvalidTableDefinitionException("Table '" + this.table + "' has no vector type '" + vectorType
					+ "'; it has " + String.join(", ", this.vectorTypes.keySet().stream().sorted().toList()));
		}
		return template;
	}

	/** Vector types in a stable order. */
	public List<String> vectorTypeNames() {
		return this.vectorTypes.keySet().stream().sorted().toList();
	}

	/** Every column the definition names, key and client first. */
	public Set<String> columns() {
		Set<String> columns = new LinkedHashSet<>();
		columns.add(this.primaryKey);
		columns.add(this.clientColumn);
		if (this.updatedAtColumn != null) {
			columns.add(this.updatedAtColumn);
		}
		if (this.activeColumn != null) {
			columns.add(this.activeColumn);
		}
		columns.addAll(this.payloadColumns);
		this.vectorTypes.values().forEach((template) -> columns.addAll(template.columns()));
		return columns;
	}

}
