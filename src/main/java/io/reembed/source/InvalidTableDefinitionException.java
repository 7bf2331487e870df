package io.reembed.source;

/**
 * A table definition that does not match the database, or cannot be read: the message names the table and column.
 */
public class InvalidTableDefinitionException extends RuntimeException {

	public InvalidTableDefinitionException(String message) {
		super(message);
	}

	public InvalidTableDefinitionException(String message, Throwable cause) {
		super(message, cause);
	}

}
