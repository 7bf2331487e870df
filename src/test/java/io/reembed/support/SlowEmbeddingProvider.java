package io.reembed.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;

/**
 * Wraps a provider and makes each of its calls take a while, so that jobs are still running when a test cancels,
 * times out or kills them; counts the texts it embedded, to prove what was embedded twice.
 */
public final class SlowEmbeddingProvider implements EmbeddingProvider {

	private final EmbeddingProvider delegate;

	private volatile Duration delay;

	private final AtomicLong texts = new AtomicLong();

	public SlowEmbeddingProvider(EmbeddingProvider delegate, Duration delay) {
		this.delegate = delegate;
		this.delay = delay;
	}

	@Override
	public ModelSpec model() {
		return this.delegate.model();
	}

	@Override
	public PreparedText prepare(String text) {
		return this.delegate.prepare(text);
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		try {
			Thread.sleep(this.delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.texts.addAndGet(texts.size());
		return this.delegate.embed(texts);
	}

	/** How long each call takes from now on. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	public long texts() {
		return this.texts.get();
	}

}
