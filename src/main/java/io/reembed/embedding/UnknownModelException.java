package io.reembed.embedding;

import java.util.Collection;

/**
 * A model name that the registry does not hold.
 */
public class UnknownModelException extends EmbeddingException {

	public UnknownModelException(String name, Collection<String> known) {
		super("Unknown embedding model '" + name + "'; known models: " + String.join(", ", known));
	}

}
