package io.reembed.source;

import java.sql.Types;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * A table definition checked against the database: every name exists, and the key and client column types are
 * known.
 *
 * @param definition the definition as configured
 * @param keyKind how the primary key is ordered and cut into ranges
 * @param columnTypes JDBC type of every column the definition names, by lower-case name
 */
public record SourceTable(TableDefinition definition, KeyKind keyKind, Map<String, Integer> columnTypes) {

	public SourceTable {
		Assert.notNull(definition, "definition must not be null");
		columnTypes = Map.copyOf(columnTypes);
	}

	public String name() {
		return this.definition.table();
	}

	/** The client id as the client column's type wants it bound. */
	public Object clientIdValue(String clientId) {
		Integer type = this.columnTypes.get(this.definition.clientColumn().toLowerCase(java.util.Locale.ROOT));
		if (type != null && isInteger(type)) {
			try {
				return Long.parseLong(clientId);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("Client id '" + clientId + "' is not a number, but column '"
						+ this.definition.clientColumn() + "' of table '" + name() + "' holds numbers", ex);
			}
		}
		return clientId;
	}

	static boolean isInteger(int jdbcType) {
		return jdbcType == Types.INTEGER || jdbcType == Types.BIGINT || jdbcType == Types.SMALLINT
				|| jdbcType == Types.TINYINT;
	}

}
