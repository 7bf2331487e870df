package io.reembed.orchestrator;

/**
 * What was asked does not fit the state things are in, such as cancelling a completed job or rolling back an alias
 * while a re-embed moves it.
 */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

	public ConflictException(String message, Throwable cause) {
		super(message, cause);
	}

}
