package io.reembed.embedding.openai;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.openai.client.OpenAIClient;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingValue;
import io.reembed.config.ReembedProperties;
import io.reembed.embedding.EmbeddingException;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;
import io.reembed.embedding.ProviderUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds with an OpenAI model through OpenAI or Azure OpenAI. One call becomes as few requests as the provider's
 * limits allow; each is paced to the deployment's quota, waits out 429s as told, and is sent again after server
 * errors, timeouts and unreadable answers, with exponential backoff and jitter. The SDK itself retries nothing, so
 * retries never multiply. A deployment that keeps failing opens its circuit breaker: the calls move to the next
 * deployment of the same model, or fail with {@link ProviderUnavailableException}, which the job does not retry.
 */
public final class OpenAiEmbeddingProvider implements EmbeddingProvider {

	private static final Logger logger = LoggerFactory.getLogger(OpenAiEmbeddingProvider.class);

	/** Dimensions the models give when no {@code dimensions} is asked for. */
	private static final Map<String, Integer> NATIVE_DIMENSIONS = Map.of("text-embedding-3-small", 1536,
			"text-embedding-3-large", 3072, "text-embedding-ada-002", 1536);

	/** How often a request waiting for a breaker's trial looks again. */
	private static final Duration TRIAL_POLL = Duration.ofMillis(20);

	private final ModelSpec model;

	private final OpenAiTokenizer tokenizer;

	private final List<Route> routes;

	private final ReembedProperties.Providers settings;

	private final ProviderMetrics metrics;

	private final BigDecimal pricePerMillionTokens;

	OpenAiEmbeddingProvider(ModelSpec model, List<Route> routes, ReembedProperties.Providers settings,
			ProviderMetrics metrics, BigDecimal pricePerMillionTokens) {
		this.model = model;
		this.tokenizer = OpenAiTokenizer.of(model);
		this.routes = List.copyOf(routes);
		this.settings = settings;
		this.metrics = metrics;
		this.pricePerMillionTokens = pricePerMillionTokens;
	}

	@Override
	public ModelSpec model() {
		return this.model;
	}

	@Override
	public PreparedText prepare(String text) {
		return this.tokenizer.prepare(text);
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		List<String> inputs = new ArrayList<>(texts.size());
		int[] tokens = new int[texts.size()];
		for (int i = 0; i < texts.size(); i++) {
			String text = texts.get(i);
			if (text.isBlank()) {
				throw new EmbeddingException("Text " + i + " of " + texts.size() + " for model '" + this.model.name()
						+ "' is empty: empty texts are never sent");
			}
			PreparedText prepared = this.tokenizer.prepare(text);
			inputs.add(prepared.text());
			tokens[i] = prepared.tokens();
		}
		List<float[]> vectors = new ArrayList<>(texts.size());
		int maxRequestTokens = (int) Math.min(RequestPlanner.MAX_REQUEST_TOKENS,
				this.routes.get(0).controller().maxRequestTokens());
		for (RequestPlanner.Range range : RequestPlanner.plan(tokens, RequestPlanner.MAX_INPUTS, maxRequestTokens)) {
			vectors.addAll(send(inputs.subList(range.from(), range.to()), range.tokens()));
		}
		return vectors;
	}

	private List<float[]> send(List<String> inputs, long tokens) {
		int failures = 0;
		long rateLimitedSince = 0;
		while (true) {
			Route route = route();
			acquire(route, tokens);
			long started = System.nanoTime();
			String failure;
			RuntimeException cause;
			try {
				HttpResponseFor<CreateEmbeddingResponse> response = route.client()
					.embeddings()
					.withRawResponse()
					.create(params(route.deployment(), inputs));
				Headers headers = response.headers();
				List<float[]> vectors = vectors(response.parse(), inputs.size(), route.deployment());
				route.controller().succeeded(RateLimitHeaders.limits(headers));
				route.breaker().succeeded();
				this.metrics.answered(this.model.name(), route.deployment(), ProviderMetrics.SUCCESS, since(started));
				this.metrics.embedded(this.model.name(), route.deployment(), tokens, this.pricePerMillionTokens);
				return vectors;
			}
			catch (OpenAIServiceException ex) {
				int status = ex.statusCode();
				if (status == 429) {
					Duration wait = RateLimitHeaders.retryAfter(ex.headers()).orElseGet(() -> backoff(1));
					route.controller().rateLimited(wait);
					route.breaker().succeeded();
					this.metrics.answered(this.model.name(), route.deployment(), ProviderMetrics.RATE_LIMITED,
							since(started));
					rateLimitedSince = (rateLimitedSince != 0) ? rateLimitedSince : started;
					if (System.nanoTime() - rateLimitedSince > this.settings.maxRateLimitWait().toNanos()) {
						throw new ProviderUnavailableException("Model '" + this.model.name() + "': "
								+ route.deployment() + " kept answering 429 (quota exceeded) for longer than "
								+ this.settings.maxRateLimitWait() + ", the most reembed waits", ex);
					}
					logger.debug("{} answered 429, waiting {} as told", route.deployment(), wait);
					this.metrics.retried(this.model.name(), route.deployment());
					continue;
				}
				if (status < 500 && status != 408 && status != 409) {
					route.controller().failed();
					route.breaker().succeeded();
					this.metrics.answered(this.model.name(), route.deployment(), ProviderMetrics.REFUSED,
							since(started));
					throw new EmbeddingException("Model '" + this.model.name() + "': " + route.deployment()
							+ " refused the request with HTTP " + status + ": " + route.redact(ex.getMessage()), ex);
				}
				failure = "HTTP " + status;
				cause = ex;
			}
			catch (OpenAIIoException | OpenAIRetryableException ex) {
				failure = "no answer (" + route.redact(ex.getMessage()) + ")";
				cause = ex;
			}
			catch (OpenAIInvalidDataException | MalformedAnswerException ex) {
				failure = "an unreadable answer (" + route.redact(ex.getMessage()) + ")";
				cause = ex;
			}
			route.controller().failed();
			route.breaker().failed(failure);
			this.metrics.answered(this.model.name(), route.deployment(), ProviderMetrics.FAILED, since(started));
			failures++;
			if (failures >= this.settings.maxAttempts()) {
				throw new ProviderUnavailableException("Model '" + this.model.name() + "': " + route.deployment()
						+ " failed " + failures + " attempts of one request, the last with " + failure, cause);
			}
			Duration delay = backoff(failures);
			logger.debug("{} failed with {}, attempt {} of {}, next in {}", route.deployment(), failure, failures,
					this.settings.maxAttempts(), delay);
			this.metrics.retried(this.model.name(), route.deployment());
			sleep(delay);
		}
	}

	/**
	 * The first deployment whose circuit breaker lets a request through; while one tries whether its provider is
	 * back, the others wait for its answer rather than fail.
	 */
	private Route route() {
		while (true) {
			boolean trialInFlight = false;
			for (int i = 0; i < this.routes.size(); i++) {
				Route route = this.routes.get(i);
				CircuitBreaker.Permission permission = route.breaker().permission();
				if (permission == CircuitBreaker.Permission.SEND) {
					if (i > 0) {
						logger.debug("Model '{}' falls back to {}", this.model.name(), route.deployment());
					}
					return route;
				}
				trialInFlight |= (permission == CircuitBreaker.Permission.WAIT);
			}
			if (!trialInFlight) {
				break;
			}
			sleep(TRIAL_POLL);
		}
		StringBuilder reasons = new StringBuilder();
		for (Route route : this.routes) {
			reasons.append(reasons.isEmpty() ? "" : "; ")
				.append(route.deployment())
				.append(": ")
				.append(route.breaker().describe());
		}
		throw new ProviderUnavailableException("Model '" + this.model.name() + "' cannot be embedded: every "
				+ "provider serving it is down, its circuit breaker open (" + reasons + ")");
	}

	private static void acquire(Route route, long tokens) {
		try {
			route.controller().acquire(tokens);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddingException("Interrupted while waiting for the quota of " + route.deployment(), ex);
		}
	}

	private EmbeddingCreateParams params(Deployment deployment, List<String> inputs) {
		EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
			.model(deployment.model())
			.inputOfArrayOfStrings(inputs)
			.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64);
		Integer nativeDimensions = NATIVE_DIMENSIONS.get(this.model.modelId());
		if (nativeDimensions == null || nativeDimensions != this.model.dimensions()) {
			params.dimensions(this.model.dimensions());
		}
		return params.build();
	}

	private List<float[]> vectors(CreateEmbeddingResponse response, int expected, Deployment deployment) {
		List<Embedding> data = new ArrayList<>(response.data());
		if (data.size() != expected) {
			throw new MalformedAnswerException(data.size() + " vectors for " + expected + " inputs");
		}
		data.sort(Comparator.comparingLong(Embedding::index));
		List<float[]> vectors = new ArrayList<>(expected);
		for (int i = 0; i < expected; i++) {
			Embedding embedding = data.get(i);
			if (embedding.index() != i) {
				throw new MalformedAnswerException("no vector for input " + i);
			}
			float[] vector = floats(embedding.embeddingValue());
			if (vector.length != this.model.dimensions()) {
				throw new EmbeddingException("Model '" + this.model.name() + "': " + deployment + " answered vectors of "
						+ vector.length + " dimensions, the model has " + this.model.dimensions()
						+ ": does the deployment serve " + this.model.modelId() + "?");
			}
			vectors.add(vector);
		}
		return vectors;
	}

	private static float[] floats(EmbeddingValue value) {
		if (value.isBase64()) {
			ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(value.asBase64()))
				.order(ByteOrder.LITTLE_ENDIAN);
			float[] vector = new float[bytes.remaining() / Float.BYTES];
			bytes.asFloatBuffer().get(vector);
			return vector;
		}
		List<Float> floats = value.asFloats();
		float[] vector = new float[floats.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = floats.get(i);
		}
		return vector;
	}

	private Duration backoff(int failures) {
		ReembedProperties.Backoff backoff = this.settings.backoff();
		double delay = backoff.delay().toMillis() * Math.pow(backoff.multiplier(), failures - 1);
		long jitter = backoff.jitter().toMillis();
		long spread = (jitter > 0) ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0;
		return Duration.ofMillis(Math.max(0, (long) Math.min(delay, backoff.maxDelay().toMillis()) + spread));
	}

	private static void sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EmbeddingException("Interrupted while waiting to retry", ex);
		}
	}

	private static Duration since(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

	/**
	 * One deployment of the model with its client, pacing and breaker.
	 *
	 * @param secrets values that never appear in a message
	 */
	record Route(Deployment deployment, OpenAIClient client, RateController controller, CircuitBreaker breaker,
			List<String> secrets) {

		String redact(@Nullable String message) {
			String redacted = String.valueOf(message);
			for (String secret : this.secrets) {
				redacted = redacted.replace(secret, "***");
			}
			return redacted;
		}

	}

	/** An answer that parsed, but does not hold one vector per input. */
	static final class MalformedAnswerException extends RuntimeException {

		MalformedAnswerException(String message) {
			super(message);
		}

	}

}
