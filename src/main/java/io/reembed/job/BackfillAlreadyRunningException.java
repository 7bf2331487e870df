package io.reembed.job;

/**
 * A backfill was asked for while an execution of the same backfill is running.
 */
public class BackfillAlreadyRunningException extends RuntimeException {

	public BackfillAlreadyRunningException(long executionId, BackfillParameters parameters) {
		super("Backfill of table '" + parameters.table() + "' for client " + parameters.clientId() + " is already running as execution "
				+ executionId + "; stop it, or recover it if its process was killed");
	}

}
