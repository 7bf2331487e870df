package io.reembed.store;

/**
 * A request named a collection that does not exist.
 */
public class CollectionNotFoundException extends VectorStoreException {

	public CollectionNotFoundException(String collection) {
		super("Collection '" + collection + "' does not exist");
	}

	public CollectionNotFoundException(String collection, Throwable cause) {
		super("Collection '" + collection + "' does not exist", cause);
	}

}
