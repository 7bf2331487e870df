package io.reembed.orchestrator;

import java.util.Locale;

/**
 * Where a job is in its life: PENDING while queued, RUNNING, then COMPLETED, FAILED or CANCELLED. The Spring Batch
 * status of its execution is reported alongside: a cancelled running job ends STOPPED and restartable, and so does a
 * job stopped by its timeout, which is FAILED with the reason {@code timeout}.
 */
public enum JobState {

	/** Queued, waiting for a slot. */
	PENDING,
	/** Claimed by the scheduler; its execution is running or about to. */
	RUNNING,
	/** Its execution completed. */
	COMPLETED,
	/** Its execution failed, or was stopped by the job timeout. */
	FAILED,
	/** Cancelled: removed from the queue, or stopped at a chunk boundary while it ran. */
	CANCELLED;

	/** Whether the job will not change again unless it is restarted. */
	public boolean isFinished() {
		return this == COMPLETED || this == FAILED || this == CANCELLED;
	}

	/**
	 * The state of that name, in any case.
	 * @throws InvalidJobRequestException naming the states there are
	 */
	public static JobState parse(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobRequestException(
					"Unknown status '" + name + "'; statuses: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED", ex);
		}
	}

}
