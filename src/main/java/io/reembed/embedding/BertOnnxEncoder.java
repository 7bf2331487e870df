package io.reembed.embedding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a BERT-style ONNX encoder over many texts at once: texts are sorted by length, run in micro-batches padded
 * only to their own longest text, pooled and scaled to unit length.
 * <p>
 * Every caller's micro-batches go to one pool of single-threaded runners, one per core. However many partitions
 * embed at the same time, at most one run per core is under way, and a single caller still keeps every core busy.
 */
final class BertOnnxEncoder implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BertOnnxEncoder.class);

	private static final String INPUT_IDS = "input_ids";

	private static final String ATTENTION_MASK = "attention_mask";

	private static final String TOKEN_TYPE_IDS = "token_type_ids";

	private static final String LAST_HIDDEN_STATE = "last_hidden_state";

	private final OrtEnvironment environment;

	private final OrtSession session;

	private final HuggingFaceTokenizer tokenizer;

	private final Pooling pooling;

	private final BatchLimits limits;

	private final boolean takesTokenTypes;

	private final String output;

	private final ExecutorService runners;

	private BertOnnxEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer,
			Pooling pooling, BatchLimits limits, ExecutorService runners) throws OrtException {
		this.environment = environment;
		this.session = session;
		this.tokenizer = tokenizer;
		this.pooling = pooling;
		this.limits = limits;
		this.runners = runners;
		this.takesTokenTypes = session.getInputNames().contains(TOKEN_TYPE_IDS);
		Set<String> outputs = session.getOutputNames();
		this.output = outputs.contains(LAST_HIDDEN_STATE) ? LAST_HIDDEN_STATE : outputs.iterator().next();
	}

	/**
	 * @param name the model's name, for thread names and logs
	 * @param model the ONNX model file's bytes
	 * @param tokenizerJson the model's tokenizer.json
	 * @param maxTokens longest input, special tokens included; longer texts are truncated
	 * @param runners how many runs may be under way at once
	 * @param threadsPerRun threads ONNX Runtime splits each run across
	 */
	static BertOnnxEncoder open(String name, byte[] model, byte[] tokenizerJson, int maxTokens, Pooling pooling,
			BatchLimits limits, int runners, int threadsPerRun) throws OrtException, IOException {
		// Some artifacts' tokenizer.json pad every text to a fixed length; batches pad themselves, so only
		// truncation is kept.
		HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
				Map.of("truncation", "true", "padding", "false", "maxLength", Integer.toString(maxTokens),
						"modelMaxLength", Integer.toString(maxTokens)));
		OrtSession session = null;
		try (SessionOptions options = new SessionOptions()) {
			options.setOptimizationLevel(OptLevel.ALL_OPT);
			options.setExecutionMode(ExecutionMode.SEQUENTIAL);
			options.setIntraOpNumThreads(threadsPerRun);
			options.setInterOpNumThreads(1);
			OrtEnvironment environment = OrtEnvironment.getEnvironment();
			session = environment.createSession(model, options);
			logger.debug("Loaded ONNX model {} with inputs {}: {} runners of {} threads", name, session.getInputNames(),
					runners, threadsPerRun);
			return new BertOnnxEncoder(environment, session, tokenizer, pooling, limits,
					Executors.newFixedThreadPool(runners, daemonThreads("onnx-" + name + "-")));
		}
		catch (OrtException | RuntimeException ex) {
			if (session != null) {
				session.close();
			}
			tokenizer.close();
			throw ex;
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * @return one unit vector per text, in the texts' order
	 * @throws EmbeddingException when the calling thread is interrupted
	 */
	List<float[]> encode(List<String> texts) throws OrtException {
		int size = texts.size();
		long[][] ids = new long[size][];
		int[] lengths = new int[size];
		for (int i = 0; i < size; i++) {
			ids[i] = this.tokenizer.encode(texts.get(i)).getIds();
			lengths[i] = ids[i].length;
		}
		float[][] vectors = new float[size][];
		List<Future<?>> runs = new ArrayList<>();
		try {
			for (MicroBatch batch : MicroBatches.plan(lengths, this.limits)) {
				runs.add(this.runners.submit(() -> {
					run(batch, ids, vectors);
					return null;
				}));
			}
			for (Future<?> run : runs) {
				run.get();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddingException("Interrupted while embedding " + size + " texts", ex);
		}
		catch (ExecutionException ex) {
			throw unwrap(ex.getCause());
		}
		finally {
			// Runs of a failed call would only hold up other callers.
			runs.forEach((run) -> run.cancel(false));
		}
		return Arrays.asList(vectors);
	}

	private static OrtException unwrap(Throwable cause) {
		if (cause instanceof OrtException ortException) {
			return ortException;
		}
		if (cause instanceof RuntimeException runtimeException) {
			throw runtimeException;
		}
		if (cause instanceof Error error) {
			throw error;
		}
		throw new IllegalStateException(cause);
	}

	private void run(MicroBatch batch, long[][] ids, float[][] vectors) throws OrtException {
		int[] indices = batch.indices();
		int length = batch.length();
		long[] inputIds = new long[indices.length * length];
		long[] attentionMask = new long[inputIds.length];
		for (int row = 0; row < indices.length; row++) {
			long[] textIds = ids[indices[row]];
			System.arraycopy(textIds, 0, inputIds, row * length, textIds.length);
			Arrays.fill(attentionMask, row * length, row * length + textIds.length, 1L);
		}
		long[] shape = { indices.length, length };
		FloatBuffer hidden;
		int dimensions;
		try (OnnxTensor idsTensor = tensor(inputIds, shape);
				OnnxTensor maskTensor = tensor(attentionMask, shape);
				OnnxTensor typesTensor = tensor(new long[inputIds.length], shape)) {
			Map<String, OnnxTensor> inputs = this.takesTokenTypes
					? Map.of(INPUT_IDS, idsTensor, ATTENTION_MASK, maskTensor, TOKEN_TYPE_IDS, typesTensor)
					: Map.of(INPUT_IDS, idsTensor, ATTENTION_MASK, maskTensor);
			try (OrtSession.Result result = this.session.run(inputs, Set.of(this.output))) {
				OnnxTensor states = (OnnxTensor) result.get(0);
				hidden = states.getFloatBuffer();
				dimensions = (int) states.getInfo().getShape()[2];
			}
		}
		for (int row = 0; row < indices.length; row++) {
			int tokens = ids[indices[row]].length;
			vectors[indices[row]] = normalize(pool(hidden, row * length * dimensions, tokens, dimensions));
		}
	}

	private OnnxTensor tensor(long[] values, long[] shape) throws OrtException {
		return OnnxTensor.createTensor(this.environment, LongBuffer.wrap(values), shape);
	}

	// The same float operations, in the same order, as the one-text-per-run encoder the models shipped with, so
	// vectors stay interchangeable with the ones it made.
	private float[] pool(FloatBuffer hidden, int offset, int tokens, int dimensions) {
		float[] vector = new float[dimensions];
		if (this.pooling == Pooling.CLS) {
			hidden.get(offset, vector);
			return vector;
		}
		for (int token = 0; token < tokens; token++) {
			int base = offset + token * dimensions;
			for (int i = 0; i < dimensions; i++) {
				vector[i] += hidden.get(base + i);
			}
		}
		for (int i = 0; i < dimensions; i++) {
			vector[i] /= tokens;
		}
		return vector;
	}

	private static float[] normalize(float[] vector) {
		float sum = 0;
		for (float value : vector) {
			sum += value * value;
		}
		float norm = (float) Math.sqrt(sum);
		for (int i = 0; i < vector.length; i++) {
			vector[i] /= norm;
		}
		return vector;
	}

	@Override
	public void close() {
		this.runners.shutdownNow();
		try {
			// Closing the session under a run would free memory the run still reads.
			if (!this.runners.awaitTermination(1, TimeUnit.MINUTES)) {
				logger.warn("ONNX runs still under way after a minute; leaving the session open");
				return;
			}
			this.session.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Interrupted while waiting for ONNX runs to end; leaving the session open");
		}
		catch (OrtException ex) {
			logger.warn("Could not close the ONNX session", ex);
		}
		finally {
			this.tokenizer.close();
		}
	}

}
