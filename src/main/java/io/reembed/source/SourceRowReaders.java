package io.reembed.source;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.jdbc.core.RowMapper;

/**
 * Builds the paged reader of one key range of one client's rows. Paging is by key (keyset): each page starts after
 * the last key read, so pages stay fast at any depth and a restart resumes after the last committed key.
 */
public final class SourceRowReaders {

	private SourceRowReaders() {
	}

	/**
	 * @param name unique per partition: restart state is kept under it
	 * @param updatedSince when present, only rows whose updated-at column is at or after it are read
	 * @param activeOnly whether rows marked inactive are left out
	 */
	public static JdbcPagingItemReader<SourceRow> reader(String name, DataSource dataSource, SourceTable table,
			String clientId, KeyRange range, @Nullable Timestamp updatedSince, int pageSize, boolean activeOnly)
			throws Exception {
		TableDefinition definition = table.definition();
		String key = definition.primaryKey();
		StringBuilder where = new StringBuilder(definition.clientColumn()).append(" = :clientId");
		Map<String, Object> parameters = new HashMap<>();
		parameters.put("clientId", table.clientIdValue(clientId));
		if (range.after() != null) {
			where.append(" AND ").append(key).append(" > :rangeAfter");
			parameters.put("rangeAfter", range.after());
		}
		if (range.upTo() != null) {
			where.append(" AND ").append(key).append(" <= :rangeUpTo");
			parameters.put("rangeUpTo", range.upTo());
		}
		if (updatedSince != null) {
			String updatedAt = definition.updatedAtColumn();
			if (updatedAt == null) {
				throw new InvalidTableDefinitionException(
						"Table '" + table.name() + "' has no updated-at column to read rows updated since a time");
			}
			where.append(" AND ").append(updatedAt).append(" >= :updatedSince");
			parameters.put("updatedSince", updatedSince);
		}
		if (activeOnly && definition.activeColumn() != null) {
			where.append(" AND ").append(definition.activeColumn()).append(" = TRUE");
		}
		JdbcPagingItemReader<SourceRow> reader = new JdbcPagingItemReaderBuilder<SourceRow>().name(name)
			.dataSource(dataSource)
			.selectClause("SELECT " + String.join(", ", definition.columns()))
			.fromClause("FROM " + definition.table())
			.whereClause(where.toString())
			.sortKeys(Map.of(key, Order.ASCENDING))
			.parameterValues(parameters)
			.pageSize(pageSize)
			.fetchSize(pageSize)
			.rowMapper(rowMapper(table))
			.saveState(true)
			.build();
		reader.afterPropertiesSet();
		return reader;
	}

	/** Maps a row to its key and its configured columns, by lower-case name. */
	public static RowMapper<SourceRow> rowMapper(SourceTable table) {
		String key = table.definition().primaryKey();
		var columns = table.definition().columns();
		return (ResultSet resultSet, int rowNumber) -> {
			Map<String, @Nullable Object> values = new LinkedHashMap<>();
			for (String column : columns) {
				values.put(column.toLowerCase(Locale.ROOT), read(resultSet, column));
			}
			Object keyValue = values.get(key.toLowerCase(Locale.ROOT));
			if (keyValue == null) {
				throw new SQLException("Row of table '" + table.name() + "' has a null primary key '" + key + "'");
			}
			return new SourceRow(keyValue, values);
		};
	}

	private static @Nullable Object read(ResultSet resultSet, String column) throws SQLException {
		Object value = resultSet.getObject(column);
		if (value instanceof java.sql.Clob clob) {
			return clob.getSubString(1, (int) clob.length());
		}
		return value;
	}

}
