package io.reembed.job;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.TableDefinition;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.util.Assert;

/**
 * The rows a job covers: one client's active rows of a table.
 */
final class ScopedRows {

	/** Keys bound in one query, well below every database's limit on parameters. */
	private static final int KEYS_PER_QUERY = 100;

	private final JdbcTemplate jdbcTemplate;

	private final SourceTable table;

	private final String clientId;

	ScopedRows(JdbcTemplate jdbcTemplate, SourceTable table, String clientId) {
		this.jdbcTemplate = jdbcTemplate;
		this.table = table;
		this.clientId = clientId;
	}

	long count() {
		Long rows = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + from(), Long.class,
				this.table.clientIdValue(this.clientId));
		return (rows != null) ? rows : 0;
	}

	/** Rows updated at or after the given time; the table must have an updated-at column. */
	long countUpdatedSince(Timestamp since) {
		Long rows = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(*) FROM " + from() + " AND " + this.table.definition().updatedAtColumn() + " >= ?",
				Long.class, this.table.clientIdValue(this.clientId), since);
		return (rows != null) ? rows : 0;
	}

	/**
	 * Every n-th row in primary key order, the first row first. Only the keys of the rows in between are read, so a
	 * sample of a large table costs a scan of its key index, not a transfer of all its text.
	 */
	void forEveryNth(long every, Consumer<SourceRow> action) {
		Assert.isTrue(every > 0, "every must be positive");
		TableDefinition definition = this.table.definition();
		String key = definition.primaryKey();
		List<Object> keys = new ArrayList<>();
		long[] index = { 0 };
		this.jdbcTemplate.query("SELECT " + key + " FROM " + from() + " ORDER BY " + key, (resultSet) -> {
			if (index[0]++ % every == 0) {
				keys.add(resultSet.getObject(1));
			}
		}, this.table.clientIdValue(this.clientId));
		RowMapper<SourceRow> mapper = SourceRowReaders.rowMapper(this.table);
		for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
			List<Object> batch = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
			List<Object> arguments = new ArrayList<>(batch.size() + 1);
			arguments.add(this.table.clientIdValue(this.clientId));
			arguments.addAll(batch);
			String placeholders = String.join(", ", Collections.nCopies(batch.size(), "?"));
			this.jdbcTemplate.query("SELECT " + String.join(", ", definition.columns()) + " FROM " + from() + " AND "
					+ key + " IN (" + placeholders + ") ORDER BY " + key, mapper, arguments.toArray())
				.forEach(action);
		}
	}

	private String from() {
		TableDefinition definition = this.table.definition();
		return definition.table() + " WHERE " + definition.clientColumn() + " = ?"
				+ ((definition.activeColumn() != null) ? " AND " + definition.activeColumn() + " = TRUE" : "");
	}

}
