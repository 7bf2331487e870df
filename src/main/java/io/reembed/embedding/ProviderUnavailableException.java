package io.reembed.embedding;

/**
 * A provider stayed down, or kept refusing for its quota, longer than reembed waits: the call fails and is not
 * retried again by the job, whose restart after the provider recovers goes on from the last committed chunk.
 */
public class ProviderUnavailableException extends EmbeddingException {

	public ProviderUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public ProviderUnavailableException(String message) {
		super(message);
	}

}
