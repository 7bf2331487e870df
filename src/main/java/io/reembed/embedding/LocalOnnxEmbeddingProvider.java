package io.reembed.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

/**
 * Embeds on this machine, offline, with an ONNX model shipped inside a Maven artifact. Texts are cut to the model's
 * limit with the model's own tokenizer, read from the same artifact.
 */
public final class LocalOnnxEmbeddingProvider implements EmbeddingProvider, AutoCloseable {

	private final ModelSpec model;

	private final EmbeddingModel embeddingModel;

	private final HuggingFaceTokenizer tokenizer;

	private LocalOnnxEmbeddingProvider(ModelSpec model, EmbeddingModel embeddingModel, HuggingFaceTokenizer tokenizer) {
		this.model = model;
		this.embeddingModel = embeddingModel;
		this.tokenizer = tokenizer;
	}

	/**
	 * Loads a registry model from its artifact.
	 * @throws UnknownModelException when no artifact ships that model
	 */
	public static LocalOnnxEmbeddingProvider load(ModelSpec model) {
		return switch (model.name()) {
			case "all-minilm-l6-v2" -> load(model, AllMiniLmL6V2EmbeddingModel::new, "all-minilm-l6-v2-tokenizer.json");
			case "all-minilm-l6-v2-q" ->
				load(model, AllMiniLmL6V2QuantizedEmbeddingModel::new, "all-minilm-l6-v2-q-tokenizer.json");
			case "bge-small-en-v15" -> load(model, BgeSmallEnV15EmbeddingModel::new, "bge-small-en-v1.5-tokenizer.json");
			case "bge-small-en-v15-q" ->
				load(model, BgeSmallEnV15QuantizedEmbeddingModel::new, "bge-small-en-v1.5-q-tokenizer.json");
			default -> throw new UnknownModelException(model.name(),
					List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q"));
		};
	}

	private static LocalOnnxEmbeddingProvider load(ModelSpec model, Supplier<EmbeddingModel> factory,
			String tokenizerResource) {
		try (InputStream json = LocalOnnxEmbeddingProvider.class.getClassLoader()
			.getResourceAsStream(tokenizerResource)) {
			if (json == null) {
				throw new EmbeddingException("Tokenizer " + tokenizerResource + " of model '" + model.name()
						+ "' is not on the classpath");
			}
			// Counting needs the whole text: the artifact's own truncation would hide how long it was.
			HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json,
					Map.of("truncation", "false", "padding", "false", "maxLength", "1000000"));
			return new LocalOnnxEmbeddingProvider(model, factory.get(), tokenizer);
		}
		catch (IOException ex) {
			throw new EmbeddingException("Could not load the tokenizer of model '" + model.name() + "'", ex);
		}
	}

	@Override
	public ModelSpec model() {
		return this.model;
	}

	@Override
	public PreparedText prepare(String text) {
		Encoding encoding = this.tokenizer.encode(text);
		int tokens = encoding.getIds().length;
		if (tokens <= this.model.maxTokens()) {
			return new PreparedText(text, tokens, false);
		}
		// The model adds [CLS] and [SEP]: keep the first maxTokens - 2 word-pieces of the text.
		CharSpan[] spans = encoding.getCharTokenSpans();
		int end = text.length();
		for (int i = this.model.maxTokens() - 2; i >= 1; i--) {
			if (spans[i] != null) {
				end = Math.min(spans[i].getEnd(), text.length());
				break;
			}
		}
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
			end--;
		}
		return new PreparedText(text.substring(0, end), this.model.maxTokens(), true);
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		List<TextSegment> segments = new ArrayList<>(texts.size());
		texts.forEach((text) -> segments.add(TextSegment.from(text)));
		try {
			List<Embedding> embeddings = this.embeddingModel.embedAll(segments).content();
			List<float[]> vectors = new ArrayList<>(embeddings.size());
			embeddings.forEach((embedding) -> vectors.add(embedding.vector()));
			return vectors;
		}
		catch (RuntimeException ex) {
			throw new EmbeddingException("Model '" + this.model.name() + "' failed to embed " + texts.size() + " texts",
					ex);
		}
	}

	@Override
	public void close() {
		this.tokenizer.close();
	}

}
