package io.reembed.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

	@Test
	void givesConcurrentCallersTheVectorsOfSequentialCalls() throws Exception {
		// given
		List<List<String>> calls = new ArrayList<>();
		for (int call = 0; call < 4; call++) {
			List<String> texts = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				texts.add("Issue " + (call * 40 + i) + ": checkout fails " + "after the deploy ".repeat(i % 7)
						+ (i % 3 == 0 ? "on Safari" : "with a 502 from the payment provider"));
			}
			calls.add(texts);
		}
		List<List<float[]>> sequential = new ArrayList<>();
		calls.forEach((texts) -> sequential.add(provider.embed(texts)));
		ExecutorService callers = Executors.newFixedThreadPool(4);
		CountDownLatch start = new CountDownLatch(1);

		// when
		List<Future<List<float[]>>> concurrent = new ArrayList<>();
		try {
			for (List<String> texts : calls) {
				Callable<List<float[]>> call = () -> {
					start.await();
					return provider.embed(texts);
				};
				concurrent.add(callers.submit(call));
			}
			start.countDown();

			// then
			for (int call = 0; call < calls.size(); call++) {
				List<float[]> vectors = concurrent.get(call).get();
				assertThat(vectors).hasSameSizeAs(calls.get(call));
				for (int i = 0; i < vectors.size(); i++) {
					assertThat(vectors.get(i)).containsExactly(sequential.get(call).get(i));
				}
			}
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void embedsNoTextsIntoNoVectors() {
		// when
		List<float[]> vectors = provider.embed(List.of());

		// then
		assertThat(vectors).isEmpty();
	}

	@Test
	void givesAQuantizedModelsTextTheSameVectorAloneAsAmongOthers() {
		// given
		List<String> texts = List.of("Login fails after password reset", "Checkout page times out under load",
				"Search returns stale results for about an hour after an issue is edited");

		try (LocalOnnxEmbeddingProvider quantized = LocalOnnxEmbeddingProvider
			.load(new ModelRegistry(384).get("all-minilm-l6-v2-q"))) {
			// when
			List<float[]> together = quantized.embed(texts);
			float[] alone = quantized.embed(List.of(texts.get(0))).get(0);

			// then
			assertThat(together).hasSize(3).allSatisfy((vector) -> {
				assertThat(vector).hasSize(384);
				assertThat(norm(vector)).isCloseTo(1.0, within(1e-3));
			});
			assertThat(alone).containsExactly(together.get(0));
			assertThat(cosine(together.get(0), together.get(1))).isLessThan(0.9);
		}
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
