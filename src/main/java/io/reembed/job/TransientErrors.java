package io.reembed.job;

import io.reembed.config.ReembedProperties;
import io.reembed.embedding.TransientEmbeddingException;
import io.reembed.store.TransientVectorStoreException;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * Retries transient provider and store errors where they happen, with exponential backoff and jitter, so that a
 * failed store write does not make the chunk embed again.
 */
public final class TransientErrors {

	private final RetryTemplate retryTemplate;

	public TransientErrors(ReembedProperties.Retry retry) {
		RetryPolicy policy = RetryPolicy.builder()
			.maxRetries(retry.maxRetries())
			.delay(retry.delay())
			.multiplier(retry.multiplier())
			.maxDelay(retry.maxDelay())
			.jitter(retry.jitter())
			.includes(TransientEmbeddingException.class, TransientVectorStoreException.class)
			.build();
		this.retryTemplate = new RetryTemplate(policy);
	}

	/**
	 * Runs the action, again while it fails transiently; the last failure is rethrown as it was.
	 */
	public <T> T run(String name, java.util.function.Supplier<T> action) {
		try {
			return this.retryTemplate.execute(new Retryable<T>() {
				@Override
				public T execute() {
					return action.get();
				}

				@Override
				public String getName() {
					return name;
				}
			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				runtime.addSuppressed(ex);
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(name + " failed", ex);
		}
	}

}
