package io.reembed.job;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.reembed.source.SourceTable;
import io.reembed.source.TableDefinition;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which rows have which vectors: one row per point and vector type, with the content hash it was embedded from,
 * written in the chunk's own transaction. SQL answers which rows have current vectors; an incremental backfill
 * compares content hashes here instead of asking the store.
 */
public final class VectorReferences {

	private static final String COLUMNS = "collection_name, vector_type, point_id, client_id, table_name, record_id, "
			+ "model, content_hash, embedded_at, job_execution_id";

	private static final int COLUMN_COUNT = 10;

	private static final String ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	/** Ten parameters a row: well within the parameters H2 allows a statement. */
	private static final int ROWS_PER_STATEMENT = 500;

	/**
	 * The columns that differ from row to row come as three arrays, the others once: ten parameters whatever the
	 * number of rows, where a parameter a value cost the driver and the server more than the rows themselves.
	 */
	private static final String POSTGRESQL_UPSERT = "INSERT INTO reembed_vector_ref (" + COLUMNS + ") "
			+ "SELECT CAST(? AS VARCHAR), CAST(? AS VARCHAR), r.point_id, CAST(? AS VARCHAR), CAST(? AS VARCHAR), "
			+ "r.record_id, CAST(? AS VARCHAR), r.content_hash, CAST(? AS TIMESTAMP), CAST(? AS BIGINT) "
			+ "FROM UNNEST(CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[]), CAST(? AS VARCHAR[])) "
			+ "AS r(point_id, record_id, content_hash) "
			+ "ON CONFLICT (collection_name, vector_type, point_id) "
			+ "DO UPDATE SET client_id = EXCLUDED.client_id, table_name = EXCLUDED.table_name, "
			+ "record_id = EXCLUDED.record_id, model = EXCLUDED.model, content_hash = EXCLUDED.content_hash, "
			+ "embedded_at = EXCLUDED.embedded_at, job_execution_id = EXCLUDED.job_execution_id";

	/** H2's own upsert, which replaces the rows with the same key. */
	private static final String H2_MERGE = "MERGE INTO reembed_vector_ref (" + COLUMNS
			+ ") KEY (collection_name, vector_type, point_id) VALUES ";

	private final JdbcTemplate jdbcTemplate;

	/** Whether the database is PostgreSQL, which spells an upsert its own way; otherwise H2. */
	private volatile @Nullable Boolean postgresql;

	public VectorReferences(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * One embedded row.
	 *
	 * @param pointId its point
	 * @param recordId the row's primary key as text
	 * @param contentHash SHA-256 of the model fingerprint and the embedded text
	 */
	public record Reference(UUID pointId, String recordId, String contentHash) {
	}

	/** The content hashes the given points were last embedded from, by point; points never embedded are absent. */
	public Map<UUID, String> contentHashes(String collection, String vectorType, Collection<UUID> pointIds) {
		Map<UUID, String> hashes = new HashMap<>();
		if (pointIds.isEmpty()) {
			return hashes;
		}
		List<Object> arguments = new ArrayList<>(List.of(collection, vectorType));
		pointIds.forEach((id) -> arguments.add(id.toString()));
		this.jdbcTemplate.query(
				"SELECT point_id, content_hash FROM reembed_vector_ref WHERE collection_name = ? AND vector_type = ? AND point_id IN ("
						+ String.join(", ", Collections.nCopies(pointIds.size(), "?")) + ")",
				(resultSet) -> {
					hashes.put(UUID.fromString(resultSet.getString(1)), resultSet.getString(2));
				}, arguments.toArray());
		return hashes;
	}

	/**
	 * Records embedded rows, replacing what was recorded for their points, with the upsert of the database:
	 * PostgreSQL's and H2's each find a row through the primary key, where a delete and an insert would cost a second
	 * statement.
	 */
	public void record(String collection, String vectorType, String clientId, String table, String model,
			List<Reference> references, Instant embeddedAt, long jobExecutionId) {
		if (references.isEmpty()) {
			return;
		}
		Timestamp at = Timestamp.from(embeddedAt);
		if (isPostgresql()) {
			String[] pointIds = new String[references.size()];
			String[] recordIds = new String[references.size()];
			String[] contentHashes = new String[references.size()];
			for (int i = 0; i < references.size(); i++) {
				Reference reference = references.get(i);
				pointIds[i] = reference.pointId().toString();
				recordIds[i] = reference.recordId();
				contentHashes[i] = reference.contentHash();
			}
			this.jdbcTemplate.update((connection) -> {
				PreparedStatement statement = connection.prepareStatement(POSTGRESQL_UPSERT);
				statement.setString(1, collection);
				statement.setString(2, vectorType);
				statement.setString(3, clientId);
				statement.setString(4, table);
				statement.setString(5, model);
				statement.setTimestamp(6, at);
				statement.setLong(7, jobExecutionId);
				statement.setArray(8, connection.createArrayOf("varchar", pointIds));
				statement.setArray(9, connection.createArrayOf("varchar", recordIds));
				statement.setArray(10, connection.createArrayOf("varchar", contentHashes));
				return statement;
			});
			return;
		}
		for (int from = 0; from < references.size(); from += ROWS_PER_STATEMENT) {
			List<Reference> slice = references.subList(from, Math.min(references.size(), from + ROWS_PER_STATEMENT));
			List<Object> arguments = new ArrayList<>(slice.size() * COLUMN_COUNT);
			for (Reference reference : slice) {
				arguments.addAll(List.of(collection, vectorType, reference.pointId().toString(), clientId, table,
						reference.recordId(), model, reference.contentHash(), at, jobExecutionId));
			}
			// One statement for many rows: this runs in every chunk's transaction, where a statement a row cost a
			// sixth of a fast pipeline's throughput.
			this.jdbcTemplate.update(H2_MERGE + String.join(", ", Collections.nCopies(slice.size(), ROW_PLACEHOLDERS)),
					arguments.toArray());
		}
	}

	private boolean isPostgresql() {
		Boolean postgresql = this.postgresql;
		if (postgresql == null) {
			String product = this.jdbcTemplate
				.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData().getDatabaseProductName());
			postgresql = "PostgreSQL".equalsIgnoreCase(product);
			this.postgresql = postgresql;
		}
		return postgresql;
	}

	/** Points recorded for a client in a collection with a vector of this type. */
	public long count(String collection, String vectorType, String clientId) {
		Long count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM reembed_vector_ref "
				+ "WHERE collection_name = ? AND vector_type = ? AND client_id = ?", Long.class, collection, vectorType,
				clientId);
		return (count != null) ? count : 0;
	}

	/** The vector types recorded for a client's points in a collection, in name order. */
	public List<String> vectorTypes(String collection, String clientId) {
		return this.jdbcTemplate.queryForList("SELECT DISTINCT vector_type FROM reembed_vector_ref "
				+ "WHERE collection_name = ? AND client_id = ? ORDER BY vector_type", String.class, collection,
				clientId);
	}

	/**
	 * Up to {@code limit} recorded points of a client whose row is gone from the table, or no longer active,
	 * lowest point id first. The table must live in the database that holds the references.
	 */
	public List<Reference> orphans(String collection, String vectorType, SourceTable table, String clientId,
			int limit) {
		TableDefinition definition = table.definition();
		String active = (definition.activeColumn() != null) ? " AND s." + definition.activeColumn() + " = TRUE" : "";
		return this.jdbcTemplate.query("SELECT r.point_id, r.record_id, r.content_hash FROM reembed_vector_ref r "
				+ "WHERE r.collection_name = ? AND r.vector_type = ? AND r.client_id = ? AND NOT EXISTS (SELECT 1 FROM "
				+ definition.table() + " s WHERE s." + definition.clientColumn() + " = ?" + active + " AND CAST(s."
				+ definition.primaryKey() + " AS VARCHAR(512)) = r.record_id) ORDER BY r.point_id FETCH FIRST "
				+ limit + " ROWS ONLY",
				(resultSet, rowNumber) -> new Reference(UUID.fromString(resultSet.getString(1)), resultSet.getString(2),
						resultSet.getString(3)),
				collection, vectorType, clientId, table.clientIdValue(clientId));
	}

	/** Forgets the given points, with every vector type, when they are deleted from the store. */
	public void forget(String collection, Collection<UUID> pointIds) {
		if (pointIds.isEmpty()) {
			return;
		}
		List<Object> arguments = new ArrayList<>(List.of(collection));
		pointIds.forEach((id) -> arguments.add(id.toString()));
		this.jdbcTemplate.update("DELETE FROM reembed_vector_ref WHERE collection_name = ? AND point_id IN ("
				+ String.join(", ", Collections.nCopies(pointIds.size(), "?")) + ")", arguments.toArray());
	}

	/** Forgets a collection's points, when the collection is deleted. */
	public void forget(String collection) {
		this.jdbcTemplate.update("DELETE FROM reembed_vector_ref WHERE collection_name = ?", collection);
	}

}
