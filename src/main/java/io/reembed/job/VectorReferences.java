package io.reembed.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which rows have which vectors: one row per point and vector type, with the content hash it was embedded from,
 * written in the chunk's own transaction. SQL answers which rows have current vectors; an incremental backfill
 * compares content hashes here instead of asking the store.
 */
public final class VectorReferences {

	private final JdbcTemplate jdbcTemplate;

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
					hashes.put(UUID.fromString(resultSet.getString(1).trim()), resultSet.getString(2).trim());
				}, arguments.toArray());
		return hashes;
	}

	/** Records embedded rows, replacing what was recorded for their points. */
	public void record(String collection, String vectorType, String clientId, String table, String model,
			List<Reference> references, Instant embeddedAt, long jobExecutionId) {
		if (references.isEmpty()) {
			return;
		}
		List<Object[]> deletes = new ArrayList<>(references.size());
		List<Object[]> inserts = new ArrayList<>(references.size());
		Timestamp at = Timestamp.from(embeddedAt);
		for (Reference reference : references) {
			String pointId = reference.pointId().toString();
			deletes.add(new Object[] { collection, vectorType, pointId });
			inserts.add(new Object[] { collection, vectorType, pointId, clientId, table, reference.recordId(), model,
					reference.contentHash(), at, jobExecutionId });
		}
		// Delete and insert rather than a merge, which H2 and PostgreSQL spell differently.
		this.jdbcTemplate.batchUpdate(
				"DELETE FROM reembed_vector_ref WHERE collection_name = ? AND vector_type = ? AND point_id = ?",
				deletes);
		this.jdbcTemplate.batchUpdate(
				"INSERT INTO reembed_vector_ref (collection_name, vector_type, point_id, client_id, table_name, record_id, model, content_hash, embedded_at, job_execution_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
				inserts);
	}

	/** Points recorded for a client in a collection. */
	public long count(String collection, String clientId) {
		Long count = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(DISTINCT point_id) FROM reembed_vector_ref WHERE collection_name = ? AND client_id = ?",
				Long.class, collection, clientId);
		return (count != null) ? count : 0;
	}

	/** Forgets a collection's points, when the collection is deleted. */
	public void forget(String collection) {
		this.jdbcTemplate.update("DELETE FROM reembed_vector_ref WHERE collection_name = ?", collection);
	}

}
