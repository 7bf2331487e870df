package io.reembed.store;

/**
 * A vector store refused or failed a request.
 */
public class VectorStoreException extends RuntimeException {

	public VectorStoreException(String message) {
		super(message);
	}

	public VectorStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
