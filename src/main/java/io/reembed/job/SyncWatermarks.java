package io.reembed.job;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.SourceTable;
import io.reembed.source.TableDefinition;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How far a collection is in sync with a table that has an updated-at column: the newest updated-at value of the
 * client's rows when the last completed run started reading. The next incremental run reads only rows updated
 * since then.
 */
public final class SyncWatermarks {

	private final JdbcTemplate jdbcTemplate;

	public SyncWatermarks(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * The newest updated-at value among the client's rows, read from the table itself, so that neither the clock
	 * of this process nor its time zone plays a part; empty when the table has no updated-at column or no rows.
	 * @throws InvalidTableDefinitionException when the updated-at column does not hold timestamps
	 */
	public Optional<Timestamp> newestUpdate(SourceTable table, String clientId) {
		TableDefinition definition = table.definition();
		String column = definition.updatedAtColumn();
		if (column == null) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.jdbcTemplate.queryForObject("SELECT MAX(" + column + ") FROM "
					+ definition.table() + " WHERE " + definition.clientColumn() + " = ?", Timestamp.class,
					table.clientIdValue(clientId)));
		}
		catch (DataAccessException ex) {
			throw new InvalidTableDefinitionException("Updated-at column '" + column + "' of table '" + table.name()
					+ "' must hold timestamps: " + ex.getMostSpecificCause().getMessage(), ex);
		}
	}

	/** Where the last completed run into the collection left the client's rows of this vector type. */
	public Optional<Timestamp> recorded(String collection, String vectorType, String clientId) {
		List<Timestamp> found = this.jdbcTemplate.queryForList(
				"SELECT updated_up_to FROM reembed_sync_watermark WHERE collection_name = ? AND vector_type = ? "
						+ "AND client_id = ?",
				Timestamp.class, collection, vectorType, clientId);
		return found.stream().findFirst();
	}

	/** Records a completed run; a run that read nothing newer leaves the watermark where it was. */
	public void record(String collection, String vectorType, String clientId, String table, Timestamp updatedUpTo,
			long jobExecutionId) {
		Optional<Timestamp> recorded = recorded(collection, vectorType, clientId);
		if (recorded.isPresent() && !recorded.get().before(updatedUpTo)) {
			return;
		}
		this.jdbcTemplate.update(
				"DELETE FROM reembed_sync_watermark WHERE collection_name = ? AND vector_type = ? AND client_id = ?",
				collection, vectorType, clientId);
		this.jdbcTemplate.update(
				"INSERT INTO reembed_sync_watermark (collection_name, vector_type, client_id, table_name, "
						+ "updated_up_to, job_execution_id) VALUES (?, ?, ?, ?, ?, ?)",
				collection, vectorType, clientId, table, updatedUpTo, jobExecutionId);
	}

	/** Forgets a collection's watermarks, when the collection is deleted. */
	public void forget(String collection) {
		this.jdbcTemplate.update("DELETE FROM reembed_sync_watermark WHERE collection_name = ?", collection);
	}

}
