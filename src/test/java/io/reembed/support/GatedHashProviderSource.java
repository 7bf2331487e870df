package io.reembed.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;

import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code hash} model, held back until a file exists, for reembed started as a separate process:
 * {@code --spring.main.sources=io.reembed.support.GatedHashProviderSource --reembed.test.embedding-gate=<file>}. A
 * test keeps a job running for as long as it needs, then lets it finish. It is deliberately not a
 * {@code @Configuration}, so that no component scan picks it up.
 */
public class GatedHashProviderSource {

	/** The file whose existence lets embedding calls through. */
	public static final String GATE = "reembed.test.embedding-gate";

	@Bean
	EmbeddingProvider gatedHashProvider(ModelRegistry modelRegistry, Environment environment) {
		return new GatedEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)),
				Path.of(environment.getRequiredProperty(GATE)));
	}

	private record GatedEmbeddingProvider(EmbeddingProvider delegate, Path gate) implements EmbeddingProvider {

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
			while (!Files.exists(this.gate)) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while the embedding gate was closed", ex);
				}
			}
			return this.delegate.embed(texts);
		}

	}

}
