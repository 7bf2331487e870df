package io.reembed.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Batched vectors of every local model against langchain4j's one-text-per-run models from the same artifacts:
 * collections embedded before the batched encoder must stay searchable with it.
 */
class LocalOnnxEquivalenceTests {

	private static final String LONG_TEXT = "Checkout fails for customers in the EU region when the cart holds more "
			+ "than twenty items and a discount code is applied. The payment provider answers with a timeout after thirty "
			+ "seconds, the order stays pending and the customer is charged twice when they retry. Support has "
			+ "received forty tickets since Monday; three enterprise customers have escalated. Steps: add 21 items, "
			+ "apply SPRING24, pay with a saved card, wait, press Pay again. Expected one charge and a confirmation "
			+ "page within two seconds. Logs show the idempotency key is regenerated on every retry, so the provider "
			+ "cannot tell the second request from a new order. ";

	@ParameterizedTest
	@ValueSource(strings = { "all-minilm-l6-v2", "bge-small-en-v15", "all-minilm-l6-v2-q", "bge-small-en-v15-q" })
	void embedsLikeTheArtifactsOwnModel(String name) {
		// given
		ModelSpec spec = new ModelRegistry(384).get(name);
		EmbeddingModel reference = referenceModel(name).get();
		try (LocalOnnxEmbeddingProvider provider = LocalOnnxEmbeddingProvider.load(spec)) {
			List<String> texts = new ArrayList<>();
			texts(spec).forEach((text) -> texts.add(provider.prepare(text).text()));
			texts.add(LONG_TEXT.repeat(60));

			// when
			List<float[]> vectors = provider.embed(texts);

			// then
			assertThat(vectors).hasSize(texts.size());
			for (int i = 0; i < texts.size(); i++) {
				float[] expected = reference.embed(TextSegment.from(texts.get(i))).content().vector();
				assertThat(vectors.get(i)).hasSize(spec.dimensions());
				assertThat(norm(vectors.get(i))).isCloseTo(1.0, within(1e-4));
				assertThat(cosine(vectors.get(i), expected)).as("text %d of %s: %s", i, name, texts.get(i))
					.isGreaterThanOrEqualTo(0.9999);
			}
		}
	}

	private static List<String> texts(ModelSpec spec) {
		return List.of("Login fails after password reset", "Checkout page times out under load", "x", "ok",
				"🔥🔥🔥 production is down 🚨", "ログインできない 🔐 после сброса пароля",
				"支付页面加载缓慢，用户无法完成订单", "Le paiement échoue après la mise à jour — « erreur 502 »",
				"Zahlungsfehler bei Überweisungen über 10.000 €", "خطأ في تسجيل الدخول بعد تحديث التطبيق",
				"NullPointerException at io.reembed.job.EmbeddingItemWriter.write(EmbeddingItemWriter.java:51)",
				"See https://example.com/issues/4711?tab=comments#c-12 for the stack trace",
				"SELECT * FROM issues WHERE state = 'open' AND created_at > now() - interval '7 days';",
				"   leading and trailing spaces   ", "Tabs\tand\nnew lines\r\nin one text", "a".repeat(150),
				"Search returns stale results for about an hour after an issue is edited; reindexing by hand fixes it.",
				LONG_TEXT, LONG_TEXT.repeat(3), "word ".repeat(spec.maxTokens() * 10));
	}

	private static Supplier<EmbeddingModel> referenceModel(String name) {
		return switch (name) {
			case "all-minilm-l6-v2" -> AllMiniLmL6V2EmbeddingModel::new;
			case "all-minilm-l6-v2-q" -> AllMiniLmL6V2QuantizedEmbeddingModel::new;
			case "bge-small-en-v15" -> BgeSmallEnV15EmbeddingModel::new;
			case "bge-small-en-v15-q" -> BgeSmallEnV15QuantizedEmbeddingModel::new;
			default -> throw new IllegalArgumentException(name);
		};
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
