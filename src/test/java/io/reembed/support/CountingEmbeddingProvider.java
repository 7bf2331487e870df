package io.reembed.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;

/**
 * Wraps a provider and counts its calls and the texts it embedded, to prove what was embedded twice.
 */
public final class CountingEmbeddingProvider implements EmbeddingProvider {

	private final EmbeddingProvider delegate;

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong texts = new AtomicLong();

	public CountingEmbeddingProvider(EmbeddingProvider delegate) {
		this.delegate = delegate;
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
		this.calls.incrementAndGet();
		this.texts.addAndGet(texts.size());
		return this.delegate.embed(texts);
	}

	public long calls() {
		return this.calls.get();
	}

	public long texts() {
		return this.texts.get();
	}

	public void reset() {
		this.calls.set(0);
		this.texts.set(0);
	}

}
