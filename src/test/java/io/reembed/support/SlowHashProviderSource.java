package io.reembed.support;

import java.time.Duration;

import io.reembed.embedding.HashEmbeddingProvider;
import io.reembed.embedding.ModelRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code hash} model slowed down, for reembed started as a separate process:
 * {@code --spring.main.sources=io.reembed.support.SlowHashProviderSource --reembed.test.embedding-delay=100ms}. It
 * is deliberately not a {@code @Configuration}, so that no component scan picks it up.
 */
public class SlowHashProviderSource {

	/** How long each embedding call takes. */
	public static final String DELAY = "reembed.test.embedding-delay";

	@Bean
	SlowEmbeddingProvider slowHashProvider(ModelRegistry modelRegistry, Environment environment) {
		return new SlowEmbeddingProvider(new HashEmbeddingProvider(modelRegistry.get(ModelRegistry.HASH)),
				environment.getProperty(DELAY, Duration.class, Duration.ofMillis(100)));
	}

}
