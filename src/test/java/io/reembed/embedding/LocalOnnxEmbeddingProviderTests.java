package io.reembed.embedding;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The real all-MiniLM-L6-v2 model, loaded from its Maven artifact.
 */
class LocalOnnxEmbeddingProviderTests {

	static LocalOnnxEmbeddingProvider provider;

	@BeforeAll
	static void loadModel() {
		provider = LocalOnnxEmbeddingProvider.load(new ModelRegistry(384).get("all-minilm-l6-v2"));
	}

	@AfterAll
	static void closeModel() {
		provider.close();
	}

	@Test
	void embedsUnitVectorsOfTheModelsDimensionsInOrder() {
		// given
		List<String> texts = List.of("Login fails after password reset", "Checkout page times out under load",
				"ログインできない 🔐 после сброса пароля");

		// when
		List<float[]> vectors = provider.embed(texts);

		// then
		assertThat(vectors).hasSize(3).allSatisfy((vector) -> {
			assertThat(vector).hasSize(384);
			assertThat(norm(vector)).isCloseTo(1.0, within(1e-3));
		});
		assertThat(provider.embed(List.of(texts.get(1))).get(0)).containsExactly(vectors.get(1));
	}

	@Test
	void placesRelatedTextsCloserThanUnrelatedOnes() {
		// given
		float[] query = provider.embed(List.of("user cannot sign in after resetting the password")).get(0);
		List<float[]> candidates = provider.embed(List.of("Login fails after password reset on Safari",
				"Add dark mode to the settings screen"));

		// when
		double related = cosine(query, candidates.get(0));
		double unrelated = cosine(query, candidates.get(1));

		// then
		assertThat(related).isGreaterThan(unrelated + 0.2);
	}

	@Test
	void cutsALongTextToTheModelsLimitWithItsOwnTokenizer() {
		// given
		String text = "password reset email never arrives ".repeat(4_000);

		// when
		PreparedText prepared = provider.prepare(text);

		// then
		assertThat(prepared.truncated()).isTrue();
		assertThat(prepared.tokens()).isEqualTo(128);
		assertThat(prepared.text()).isNotEmpty().hasSizeLessThan(1_000);
		assertThat(text).startsWith(prepared.text());
		assertThat(provider.prepare(prepared.text()).truncated()).isFalse();
		assertThat(provider.embed(List.of(prepared.text()))).hasSize(1);
	}

	@Test
	void leavesAShortTextAsItIs() {
		// when
		PreparedText prepared = provider.prepare("Checkout page times out");

		// then
		assertThat(prepared.truncated()).isFalse();
		assertThat(prepared.text()).isEqualTo("Checkout page times out");
		assertThat(prepared.tokens()).isBetween(4, 10);
	}

	private static double norm(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += value * value;
		}
		return Math.sqrt(sum);
	}

	private static double cosine(float[] a, float[] b) {
		double dot = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
		}
		return dot / (norm(a) * norm(b));
	}

}
