package io.reembed.embedding;

/**
 * An embedding request failed in a way that may pass when asked again (a timeout, an overloaded provider).
 */
public class TransientEmbeddingException extends EmbeddingException {

	public TransientEmbeddingException(String message, Throwable cause) {
		super(message, cause);
	}

}
