package io.reembed.embedding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.onnxruntime.OrtException;

/**
 * Embeds on this machine, offline, with an ONNX model shipped inside a Maven artifact. Texts are cut to the model's
 * limit with the model's own tokenizer, read from the same artifact. Safe to share between threads: concurrent calls
 * share the cores instead of each trying to use all of them.
 */
public final class LocalOnnxEmbeddingProvider implements EmbeddingProvider, AutoCloseable {

	private final ModelSpec model;

	private final BertOnnxEncoder encoder;

	private final HuggingFaceTokenizer tokenizer;

	private LocalOnnxEmbeddingProvider(ModelSpec model, BertOnnxEncoder encoder, HuggingFaceTokenizer tokenizer) {
		this.model = model;
		this.encoder = encoder;
		this.tokenizer = tokenizer;
	}

	/**
	 * Loads a registry model from its artifact.
	 * @throws UnknownModelException when no artifact ships that model
	 */
	public static LocalOnnxEmbeddingProvider load(ModelSpec model) {
		return switch (model.name()) {
			case "all-minilm-l6-v2" -> load(model, "all-minilm-l6-v2", Pooling.MEAN, BatchLimits.PADDED);
			case "all-minilm-l6-v2-q" -> load(model, "all-minilm-l6-v2-q", Pooling.MEAN, BatchLimits.ONE_TEXT);
			case "bge-small-en-v15" -> load(model, "bge-small-en-v1.5", Pooling.CLS, BatchLimits.PADDED);
			case "bge-small-en-v15-q" -> load(model, "bge-small-en-v1.5-q", Pooling.CLS, BatchLimits.ONE_TEXT);
			default -> throw new UnknownModelException(model.name(),
					List.of("all-minilm-l6-v2", "all-minilm-l6-v2-q", "bge-small-en-v15", "bge-small-en-v15-q"));
		};
	}

	/**
	 * @param artifactName base name of the model's {@code .onnx} and {@code -tokenizer.json} resources
	 */
	private static LocalOnnxEmbeddingProvider load(ModelSpec model, String artifactName, Pooling pooling,
			BatchLimits limits) {
		byte[] tokenizerJson = resource(model, artifactName + "-tokenizer.json");
		byte[] onnx = resource(model, artifactName + ".onnx");
		HuggingFaceTokenizer tokenizer = null;
		try {
			// Counting needs the whole text: the artifact's own truncation would hide how long it was.
			tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
					Map.of("truncation", "false", "padding", "false", "maxLength", "1000000"));
			// One single-threaded run per core: faster here than runs split across all cores, whose threads meet at
			// every operator, spin while they wait and stall whenever another process holds a core.
			BertOnnxEncoder encoder = BertOnnxEncoder.open(model.name(), onnx, tokenizerJson, model.maxTokens(),
					pooling, limits, Runtime.getRuntime().availableProcessors(), 1);
			return new LocalOnnxEmbeddingProvider(model, encoder, tokenizer);
		}
		catch (IOException | OrtException | RuntimeException ex) {
			if (tokenizer != null) {
				tokenizer.close();
			}
			throw new EmbeddingException("Could not load model '" + model.name() + "'", ex);
		}
	}

	private static byte[] resource(ModelSpec model, String name) {
		try (InputStream in = LocalOnnxEmbeddingProvider.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new EmbeddingException(
						"Resource " + name + " of model '" + model.name() + "' is not on the classpath");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new EmbeddingException("Could not read " + name + " of model '" + model.name() + "'", ex);
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
		try {
			return this.encoder.encode(texts);
		}
		catch (OrtException | RuntimeException ex) {
			throw new EmbeddingException("Model '" + this.model.name() + "' failed to embed " + texts.size() + " texts",
					ex);
		}
	}

	@Override
	public void close() {
		try {
			this.encoder.close();
		}
		finally {
			this.tokenizer.close();
		}
	}

}
