package io.reembed.job;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rows that could not be embedded, each with its reason: nothing is dropped silently.
 */
public final class DeadLetters {

	private static final int MAX_REASON = 2000;

	private final JdbcTemplate jdbcTemplate;

	public DeadLetters(JdbcTemplate jdbcTemplate) {
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * A dead-lettered row.
	 *
	 * @param jobExecutionId execution that gave up on the row
	 * @param table source table
	 * @param clientId tenant
	 * @param recordId the row's primary key
	 * @param vectorType the vector type that could not be embedded
	 * @param reason why
	 * @param createdAt when
	 */
	public record DeadLetter(long jobExecutionId, String table, String clientId, String recordId, String vectorType,
			String reason, Instant createdAt) {
	}

	public void record(long jobExecutionId, String table, String clientId, String recordId, String vectorType,
			@Nullable String reason) {
		String text = (reason != null) ? reason : "unknown";
		this.jdbcTemplate.update(
				"INSERT INTO reembed_dead_letter (job_execution_id, table_name, client_id, record_id, vector_type, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
				jobExecutionId, table, clientId, recordId, vectorType,
				(text.length() > MAX_REASON) ? text.substring(0, MAX_REASON) : text, Timestamp.from(Instant.now()));
	}

	public List<DeadLetter> find(String table, String clientId) {
		return this.jdbcTemplate.query(
				"SELECT job_execution_id, table_name, client_id, record_id, vector_type, reason, created_at FROM reembed_dead_letter WHERE table_name = ? AND client_id = ? ORDER BY id",
				(rs, i) -> new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()),
				table, clientId);
	}

	/** The first rows the given executions dead-lettered, oldest first. */
	public List<DeadLetter> findForExecutions(Collection<Long> jobExecutionIds, int limit) {
		if (jobExecutionIds.isEmpty()) {
			return List.of();
		}
		String placeholders = String.join(", ", Collections.nCopies(jobExecutionIds.size(), "?"));
		List<Object> arguments = new ArrayList<>(jobExecutionIds);
		arguments.add(limit);
		return this.jdbcTemplate.query(
				"SELECT job_execution_id, table_name, client_id, record_id, vector_type, reason, created_at FROM reembed_dead_letter WHERE job_execution_id IN ("
						+ placeholders + ") ORDER BY id LIMIT ?",
				(rs, i) -> new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()),
				arguments.toArray());
	}

	public long countForExecution(long jobExecutionId) {
		Long count = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(*) FROM reembed_dead_letter WHERE job_execution_id = ?", Long.class, jobExecutionId);
		return (count != null) ? count : 0;
	}

	/** Distinct rows of a table and client that the given executions dead-lettered. */
	public long distinctRecords(String table, String clientId, Collection<Long> jobExecutionIds) {
		if (jobExecutionIds.isEmpty()) {
			return 0;
		}
		String placeholders = String.join(", ", Collections.nCopies(jobExecutionIds.size(), "?"));
		List<Object> arguments = new ArrayList<>(List.of(table, clientId));
		arguments.addAll(jobExecutionIds);
		Long count = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(DISTINCT record_id) FROM reembed_dead_letter WHERE table_name = ? AND client_id = ? AND job_execution_id IN ("
						+ placeholders + ")",
				Long.class, arguments.toArray());
		return (count != null) ? count : 0;
	}

}
