package io.reembed.embedding;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashEmbeddingProviderTests {

	private final HashEmbeddingProvider provider = new HashEmbeddingProvider(new ModelRegistry(64).get("hash"));

	@Test
	void givesTheSameTextTheSameVectorAndOtherTextsOtherVectors() {
		// when
		List<float[]> vectors = this.provider.embed(List.of("a", "b", "a"));

		// then
		assertThat(vectors.get(0)).hasSize(64).containsExactly(vectors.get(2));
		assertThat(vectors.get(0)).isNotEqualTo(vectors.get(1));
	}

	@Test
	void theSecondHashModelGivesTheSameTextAnotherVector() {
		// given
		HashEmbeddingProvider second = new HashEmbeddingProvider(new ModelRegistry(64).get(ModelRegistry.HASH_V2));

		// when
		float[] first = this.provider.embed(List.of("login fails")).get(0);
		float[] other = second.embed(List.of("login fails")).get(0);

		// then
		assertThat(other).hasSize(64).isNotEqualTo(first).containsExactly(second.embed(List.of("login fails")).get(0));
	}

	@Test
	void truncatesPastItsWordLimit() {
		// when
		PreparedText prepared = this.provider.prepare("word ".repeat(20_000));

		// then
		assertThat(prepared.truncated()).isTrue();
		assertThat(prepared.tokens()).isEqualTo(8192);
	}

}
