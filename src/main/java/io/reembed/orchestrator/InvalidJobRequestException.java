package io.reembed.orchestrator;

/**
 * A job request that cannot be queued: the message names the field and the problem.
 */
public class InvalidJobRequestException extends RuntimeException {

	public InvalidJobRequestException(String message) {
		super(message);
	}

	public InvalidJobRequestException(String message, Throwable cause) {
		super(message, cause);
	}

}
