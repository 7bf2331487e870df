package io.reembed.store;

/**
 * A store request failed in a way that may pass when asked again (unavailable, deadline exceeded).
 */
public class TransientVectorStoreException extends VectorStoreException {

	public TransientVectorStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
