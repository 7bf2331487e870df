package io.reembed.orchestrator;

/**
 * What a request names does not exist: a job, a table, or a client's alias of a table.
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

	public NotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

}
