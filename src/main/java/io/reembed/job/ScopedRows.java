package io.reembed.job;

import java.sql.Timestamp;
import java.util.function.Consumer;

import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.TableDefinition;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The rows a job covers: one client's active rows of a table.
 */
final class ScopedRows {

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

	/** Every row, in primary key order, streamed rather than held. */
	void forEach(Consumer<SourceRow> action) {
		TableDefinition definition = this.table.definition();
		RowMapper<SourceRow> mapper = SourceRowReaders.rowMapper(this.table);
		int[] index = { 0 };
		this.jdbcTemplate.query("SELECT " + String.join(", ", definition.columns()) + " FROM " + from() + " ORDER BY "
				+ definition.primaryKey(), (resultSet) -> {
					action.accept(mapper.mapRow(resultSet, index[0]++));
				}, this.table.clientIdValue(this.clientId));
	}

	private String from() {
		TableDefinition definition = this.table.definition();
		return definition.table() + " WHERE " + definition.clientColumn() + " = ?"
				+ ((definition.activeColumn() != null) ? " AND " + definition.activeColumn() + " = TRUE" : "");
	}

}
