package io.reembed.store;

/**
 * A collection cannot take what was asked: another model, other dimensions or an unknown vector type.
 */
public class IncompatibleCollectionException extends VectorStoreException {

	public IncompatibleCollectionException(String message) {
		super(message);
	}

	public IncompatibleCollectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
