package io.reembed.source;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Checks table definitions against the database's own metadata, before any job touches a row. Only names that pass
 * here ever reach SQL.
 */
public final class SourceTables {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private final DataSource dataSource;

	public SourceTables(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Resolves a definition against the database.
	 * @throws InvalidTableDefinitionException naming the table or column that is malformed or missing
	 */
	public SourceTable resolve(TableDefinition definition) {
		requireIdentifier(definition.table(), "table name", definition.table());
		definition.columns().forEach((column) -> requireIdentifier(column, "column name", definition.table()));
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			DatabaseMetaData metaData = connection.getMetaData();
			String tableName = findTable(metaData, connection, definition.table());
			if (tableName == null) {
				throw new InvalidTableDefinitionException(
						"Table '" + definition.table() + "' does not exist in the database");
			}
			Map<String, Integer> actual = columns(metaData, connection, tableName);
			Map<String, Integer> columnTypes = new HashMap<>();
			for (String column : definition.columns()) {
				Integer type = actual.get(column.toLowerCase(Locale.ROOT));
				if (type == null) {
					throw new InvalidTableDefinitionException("Column '" + column + "' of table '" + definition.table()
							+ "' does not exist; the table has: " + String.join(", ", new TreeSet<>(actual.keySet())));
				}
				columnTypes.put(column.toLowerCase(Locale.ROOT), type);
			}
			int keyType = columnTypes.get(definition.primaryKey().toLowerCase(Locale.ROOT));
			return new SourceTable(definition, keyKind(definition, keyType), columnTypes);
		}
		catch (SQLException ex) {
			throw new InvalidTableDefinitionException(
					"Could not read the metadata of table '" + definition.table() + "'", ex);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	private static void requireIdentifier(String name, String what, String table) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new InvalidTableDefinitionException("Invalid " + what + " '" + name + "' in the definition of table '"
					+ table + "': only letters, digits and '_' are allowed");
		}
	}

	private static @Nullable String findTable(DatabaseMetaData metaData, Connection connection, String table)
			throws SQLException {
		try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), null,
				new String[] { "TABLE", "BASE TABLE", "VIEW" })) {
			while (tables.next()) {
				String name = tables.getString("TABLE_NAME");
				if (name.equalsIgnoreCase(table)) {
					return name;
				}
			}
		}
		return null;
	}

	private static Map<String, Integer> columns(DatabaseMetaData metaData, Connection connection, String table)
			throws SQLException {
		Map<String, Integer> columns = new HashMap<>();
		try (ResultSet result = metaData.getColumns(connection.getCatalog(), connection.getSchema(), table, null)) {
			while (result.next()) {
				columns.put(result.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), result.getInt("DATA_TYPE"));
			}
		}
		return columns;
	}

	private static KeyKind keyKind(TableDefinition definition, int jdbcType) {
		if (SourceTable.isInteger(jdbcType)) {
			return KeyKind.INTEGER;
		}
		return switch (jdbcType) {
			case Types.CHAR, Types.VARCHAR, Types.NVARCHAR, Types.NCHAR, Types.LONGVARCHAR, Types.OTHER, Types.BINARY ->
				KeyKind.ORDERED;
			default -> throw new InvalidTableDefinitionException("Primary key '" + definition.primaryKey()
					+ "' of table '" + definition.table() + "' has JDBC type " + jdbcType
					+ "; integer, text and UUID keys are supported");
		};
	}

}
