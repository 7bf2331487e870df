package io.reembed.orchestrator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The orchestrator's jobs, one row each in {@code reembed_job}, in the JobRepository's database, so that the queue
 * outlives the process. Every change of state is one conditional update, which tells whether it happened: a job is
 * claimed, cancelled or queued again once, whoever else tries at the same moment.
 */
public final class JobQueue {

	private static final int MAX_REASON = 2000;

	private static final String COLUMNS = "id, kind, table_name, client_id, source_model, target_model, vector_type, "
			+ "priority, status, batch_status, submitted_at, queued_at, started_at, ended_at, job_execution_id, "
			+ "stop_reason, reason";

	/** Highest priority first, then first queued; the id breaks ties of one instant. */
	private static final String QUEUE_ORDER = "CASE priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 "
			+ "WHEN 'MEDIUM' THEN 2 ELSE 3 END, queued_at, id";

	private static final RowMapper<OrchestratedJob> ROW = JobQueue::job;

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactionTemplate;

	private final SimpleJdbcInsert insert;

	public JobQueue(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactionTemplate = transactionTemplate;
		this.insert = new SimpleJdbcInsert(jdbcTemplate).withTableName("reembed_job")
			.usingColumns("kind", "table_name", "client_id", "source_model", "target_model", "vector_type", "priority",
					"status", "submitted_at", "queued_at")
			.usingGeneratedKeyColumns("id");
	}

	/**
	 * Queues the jobs in one transaction: all of them or none.
	 * @return their ids, in the order given
	 */
	public List<Long> submit(List<JobRequest> requests, Instant now) {
		List<Long> ids = this.transactionTemplate.execute((status) -> {
			List<Long> inserted = new ArrayList<>(requests.size());
			Timestamp at = Timestamp.from(now);
			for (JobRequest request : requests) {
				Map<String, @Nullable Object> row = new HashMap<>();
				row.put("kind", request.kind().name());
				row.put("table_name", request.table());
				row.put("client_id", request.clientId());
				row.put("source_model", request.sourceModel());
				row.put("target_model", request.targetModel());
				row.put("vector_type", request.vectorType());
				row.put("priority", request.priority().name());
				row.put("status", JobState.PENDING.name());
				row.put("submitted_at", at);
				row.put("queued_at", at);
				inserted.add(this.insert.executeAndReturnKey(row).longValue());
			}
			return inserted;
		});
		return (ids != null) ? ids : List.of();
	}

	public Optional<OrchestratedJob> find(long id) {
		return this.jdbcTemplate.query("SELECT " + COLUMNS + " FROM reembed_job WHERE id = ?", ROW, id)
			.stream()
			.findFirst();
	}

	/** The jobs the filter matches, newest first. */
	public List<OrchestratedJob> list(JobFilter filter) {
		StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
		List<Object> arguments = new ArrayList<>();
		if (filter.state() != null) {
			where.add("status = ?");
			arguments.add(filter.state().name());
		}
		if (filter.clientId() != null) {
			where.add("client_id = ?");
			arguments.add(filter.clientId());
		}
		if (filter.table() != null) {
			where.add("table_name = ?");
			arguments.add(filter.table());
		}
		Set<String> clientIds = filter.clientIds();
		if (clientIds != null) {
			if (clientIds.isEmpty()) {
				return List.of();
			}
			// In the query, not after it: the limit then counts only jobs the filter lets through.
			where.add("client_id IN (" + String.join(", ", Collections.nCopies(clientIds.size(), "?")) + ")");
			arguments.addAll(clientIds);
		}
		arguments.add(filter.limit());
		return this.jdbcTemplate.query(
				"SELECT " + COLUMNS + " FROM reembed_job" + where + " ORDER BY id DESC LIMIT ?", ROW,
				arguments.toArray());
	}

	/** How many jobs are in that state. */
	public long count(JobState state) {
		Long count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM reembed_job WHERE status = ?", Long.class,
				state.name());
		return (count != null) ? count : 0;
	}

	/** Every job in that state, in queue order. */
	public List<OrchestratedJob> inState(JobState state) {
		return this.jdbcTemplate.query(
				"SELECT " + COLUMNS + " FROM reembed_job WHERE status = ? ORDER BY " + QUEUE_ORDER, ROW, state.name());
	}

	/** The first pending jobs, in the order the scheduler starts them. */
	public List<OrchestratedJob> next(int limit) {
		return this.jdbcTemplate.query(
				"SELECT " + COLUMNS + " FROM reembed_job WHERE status = ? ORDER BY " + QUEUE_ORDER + " LIMIT ?", ROW,
				JobState.PENDING.name(), limit);
	}

	/**
	 * Takes a pending job for this scheduler: PENDING to RUNNING, forgetting the execution of an earlier run so
	 * that only the one this run starts is recorded.
	 * @return whether this call claimed it
	 */
	public boolean claim(long id, Instant now) {
		return this.jdbcTemplate.update(
				"UPDATE reembed_job SET status = ?, started_at = ?, ended_at = NULL, batch_status = NULL, "
						+ "job_execution_id = NULL, stop_reason = NULL, reason = NULL WHERE id = ? AND status = ?",
				JobState.RUNNING.name(), Timestamp.from(now), id, JobState.PENDING.name()) == 1;
	}

	/** Records the model a backfill submitted without one embeds with. */
	public void chooseModel(long id, String targetModel) {
		this.jdbcTemplate.update("UPDATE reembed_job SET target_model = ? WHERE id = ? AND target_model IS NULL",
				targetModel, id);
	}

	/** Records the execution a running job started. */
	public void started(long id, long jobExecutionId, BatchStatus batchStatus) {
		this.jdbcTemplate.update("UPDATE reembed_job SET job_execution_id = ?, batch_status = ? WHERE id = ?",
				jobExecutionId, batchStatus.name(), id);
	}

	/** Records the Spring Batch status of a running job's execution, such as STOPPING once it was asked to stop. */
	public void batchStatus(long id, BatchStatus batchStatus) {
		this.jdbcTemplate.update("UPDATE reembed_job SET batch_status = ? WHERE id = ? AND status = ?",
				batchStatus.name(), id, JobState.RUNNING.name());
	}

	/**
	 * Records why a running job is asked to stop; the first reason stays.
	 * @return whether the job was running without a reason to stop yet
	 */
	public boolean requestStop(long id, StopReason reason) {
		return this.jdbcTemplate.update(
				"UPDATE reembed_job SET stop_reason = ? WHERE id = ? AND status = ? AND stop_reason IS NULL",
				reason.name(), id, JobState.RUNNING.name()) == 1;
	}

	/** Ends a running job. */
	public void finish(long id, JobState state, @Nullable BatchStatus batchStatus, @Nullable String reason,
			Instant now) {
		this.jdbcTemplate.update(
				"UPDATE reembed_job SET status = ?, batch_status = ?, reason = ?, ended_at = ? WHERE id = ? AND status = ?",
				state.name(), (batchStatus != null) ? batchStatus.name() : null, truncate(reason),
				Timestamp.from(now), id, JobState.RUNNING.name());
	}

	/**
	 * Removes a pending job from the queue.
	 * @return whether it was still pending
	 */
	public boolean cancelPending(long id, Instant now) {
		return this.jdbcTemplate.update(
				"UPDATE reembed_job SET status = ?, reason = ?, ended_at = ? WHERE id = ? AND status = ?",
				JobState.CANCELLED.name(), "cancelled before it started", Timestamp.from(now), id,
				JobState.PENDING.name()) == 1;
	}

	/**
	 * Queues a failed or cancelled job again, behind the jobs of its priority queued before now.
	 * @return whether it was failed or cancelled
	 */
	public boolean requeue(long id, Instant now) {
		return this.jdbcTemplate.update(
				"UPDATE reembed_job SET status = ?, queued_at = ?, reason = NULL, stop_reason = NULL, ended_at = NULL "
						+ "WHERE id = ? AND status IN (?, ?)",
				JobState.PENDING.name(), Timestamp.from(now), id, JobState.FAILED.name(),
				JobState.CANCELLED.name()) == 1;
	}

	/**
	 * Puts a running job back in the queue at the place it had, so that it resumes first: its run was interrupted
	 * by a shutdown or a crash, not by anything it did.
	 * @return whether it was running
	 */
	public boolean returnToQueue(long id, @Nullable BatchStatus batchStatus, String reason) {
		return this.jdbcTemplate.update(
				"UPDATE reembed_job SET status = ?, batch_status = ?, stop_reason = NULL, reason = ? WHERE id = ? AND status = ?",
				JobState.PENDING.name(), (batchStatus != null) ? batchStatus.name() : null, reason, id,
				JobState.RUNNING.name()) == 1;
	}

	/** Whether a job of that kind, table, client and models was ever submitted. */
	public boolean exists(JobKind kind, String table, String clientId, @Nullable String sourceModel,
			String targetModel) {
		List<Object> arguments = new ArrayList<>(List.of(kind.name(), table, clientId, targetModel));
		String source = "source_model IS NULL";
		if (sourceModel != null) {
			source = "source_model = ?";
			arguments.add(sourceModel);
		}
		Integer count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM reembed_job WHERE kind = ? "
				+ "AND table_name = ? AND client_id = ? AND target_model = ? AND " + source, Integer.class,
				arguments.toArray());
		return count != null && count > 0;
	}

	private static @Nullable String truncate(@Nullable String reason) {
		return (reason != null && reason.length() > MAX_REASON) ? reason.substring(0, MAX_REASON) : reason;
	}

	private static OrchestratedJob job(ResultSet rs, int row) throws SQLException {
		String batchStatus = rs.getString("batch_status");
		long executionId = rs.getLong("job_execution_id");
		boolean noExecution = rs.wasNull();
		String stopReason = rs.getString("stop_reason");
		return new OrchestratedJob(rs.getLong("id"), JobKind.valueOf(rs.getString("kind")),
				rs.getString("table_name"), rs.getString("client_id"), rs.getString("source_model"),
				rs.getString("target_model"), rs.getString("vector_type"), Priority.valueOf(rs.getString("priority")),
				JobState.valueOf(rs.getString("status")),
				(batchStatus != null) ? BatchStatus.valueOf(batchStatus) : null, instant(rs, "submitted_at"),
				instant(rs, "queued_at"), nullableInstant(rs, "started_at"), nullableInstant(rs, "ended_at"),
				noExecution ? null : executionId, (stopReason != null) ? StopReason.valueOf(stopReason) : null,
				rs.getString("reason"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Instant instant = nullableInstant(rs, column);
		if (instant == null) {
			throw new SQLException("Column " + column + " of reembed_job is null");
		}
		return instant;
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
