package io.reembed.orchestrator;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A job this process is running: its execution once it started, and why it was asked to stop, if it was. Either
 * may come first: the scheduler asks a job to stop whether or not its execution has started, and the execution,
 * when it starts, stops at once if it was asked to.
 */
final class RunningJob {

	private final OrchestratedJob job;

	private final Instant startedAt;

	private final AtomicReference<@Nullable StopReason> stopReason = new AtomicReference<>();

	private volatile @Nullable Long executionId;

	RunningJob(OrchestratedJob job, Instant startedAt) {
		this.job = job;
		this.startedAt = startedAt;
	}

	OrchestratedJob job() {
		return this.job;
	}

	long id() {
		return this.job.id();
	}

	Instant startedAt() {
		return this.startedAt;
	}

	@Nullable Long executionId() {
		return this.executionId;
	}

	void executionStarted(long executionId) {
		this.executionId = executionId;
	}

	@Nullable StopReason stopReason() {
		return this.stopReason.get();
	}

	/**
	 * @return whether this is the first reason given; a job cancelled while its timeout stops it stays a timeout
	 */
	boolean requestStop(StopReason reason) {
		return this.stopReason.compareAndSet(null, reason);
	}

}
