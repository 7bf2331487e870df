package io.reembed.embedding;

/**
 * An embedding request failed and asking again will not help.
 */
public class EmbeddingException extends RuntimeException {

	public EmbeddingException(String message) {
		super(message);
	}

	public EmbeddingException(String message, Throwable cause) {
		super(message, cause);
	}

}
