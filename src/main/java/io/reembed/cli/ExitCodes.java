package io.reembed.cli;

import org.springframework.batch.core.BatchStatus;

/**
 * Process exit codes: 0 only when every job COMPLETED.
 */
public final class ExitCodes {

	public static final int COMPLETED = 0;

	public static final int FAILED = 1;

	public static final int USAGE = 2;

	public static final int STOPPED = 3;

	public static final int NOT_COMPLETED = 4;

	private ExitCodes() {
	}

	public static int of(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> COMPLETED;
			case FAILED, ABANDONED -> FAILED;
			case STOPPED, STOPPING -> STOPPED;
			default -> NOT_COMPLETED;
		};
	}

}
