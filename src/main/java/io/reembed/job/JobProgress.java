package io.reembed.job;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of the job executions running in this process: rows in scope and rows handled so far.
 */
public final class JobProgress {

	private final Map<Long, Counts> executions = new ConcurrentHashMap<>();

	/**
	 * Progress of one execution.
	 *
	 * @param total rows in scope, or -1 while not counted yet
	 * @param done rows stored or dead-lettered so far
	 */
	public record Snapshot(long total, long done) {
	}

	/** Progress of the newest execution started in this process, if any. */
	public Optional<Snapshot> latest() {
		return this.executions.keySet().stream().max(Long::compare).map(this::snapshot);
	}

	public void total(long jobExecutionId, long total) {
		counts(jobExecutionId).total.set(total);
	}

	public void done(long jobExecutionId, long rows) {
		counts(jobExecutionId).done.addAndGet(rows);
	}

	/** Progress of an execution running in this process, without starting to count it. */
	public Optional<Snapshot> peek(long jobExecutionId) {
		return Optional.ofNullable(this.executions.get(jobExecutionId))
			.map((counts) -> new Snapshot(counts.total.get(), counts.done.get()));
	}

	public Snapshot snapshot(long jobExecutionId) {
		Counts counts = counts(jobExecutionId);
		return new Snapshot(counts.total.get(), counts.done.get());
	}

	public void forget(long jobExecutionId) {
		this.executions.remove(jobExecutionId);
	}

	private Counts counts(long jobExecutionId) {
		return this.executions.computeIfAbsent(jobExecutionId, (id) -> new Counts());
	}

	private static final class Counts {

		private final AtomicLong total = new AtomicLong(-1);

		private final AtomicLong done = new AtomicLong();

	}

}
