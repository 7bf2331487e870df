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

	/**
	 * Where the last completed run into the target's collection left the client's rows of its vector type; empty
	 * when none completed, or when the vector type's template changed since, which changes every row's text
	 * whatever its updated-at value.
	 */
	public Optional<Timestamp> recorded(BackfillTarget target) {
		List<Timestamp> found = this.jdbcTemplate.queryForList(
				"SELECT updated_up_to FROM reembed_sync_watermark WHERE collection_name = ? AND vector_type = ? "
						+ "AND client_id = ? AND template_hash = ?",
				Timestamp.class, target.collection().name(), target.vectorType(), target.clientId(),
				templateHash(target));
		return found.stream().findFirst();
	}

	/** Records a completed run; a run that read nothing newer with the same template leaves the watermark. */
	public void record(BackfillTarget target, Timestamp updatedUpTo, long jobExecutionId) {
		Optional<Timestamp> recorded = recorded(target);
		if (recorded.isPresent() && !recorded.get().before(updatedUpTo)) {
			return;
		}
		String collection = target.collection().name();
		this.jdbcTemplate.update(
				"DELETE FROM reembed_sync_watermark WHERE collection_name = ? AND vector_type = ? AND client_id = ?",
				collection, target.vectorType(), target.clientId());
		this.jdbcTemplate.update(
				"INSERT INTO reembed_sync_watermark (collection_name, vector_type, client_id, table_name, "
						+ "template_hash, updated_up_to, job_execution_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
				collection, target.vectorType(), target.clientId(), target.table().name(), templateHash(target),
				updatedUpTo, jobExecutionId);
	}

	private static String templateHash(BackfillTarget target) {
		return ContentHashes.of(target.vectorType(), target.template().toString());
	}

	/** Forgets a collection's watermarks, when the collection is deleted. */
	public void forget(String collection) {
		this.jdbcTemplate.update("DELETE FROM reembed_sync_watermark WHERE collection_name = ?", collection);
	}

}
