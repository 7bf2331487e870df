package io.reembed.orchestrator;

/**
 * Why the orchestrator asked a running job to stop; it decides what the job becomes once it has stopped.
 */
public enum StopReason {

	/** Cancelled through the API: the job becomes CANCELLED. */
	CANCEL,
	/** It ran longer than the job timeout: the job becomes FAILED with the reason {@code timeout}. */
	TIMEOUT,
	/** The server is shutting down: the job is queued again, at its place, and resumes at the next start. */
	SHUTDOWN

}
