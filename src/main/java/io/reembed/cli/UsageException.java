package io.reembed.cli;

/**
 * The command line asked for something malformed: the message says what and how to fix it.
 */
public class UsageException extends RuntimeException {

	public UsageException(String message) {
		super(message);
	}

}
