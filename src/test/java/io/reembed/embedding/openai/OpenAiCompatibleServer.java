package io.reembed.embedding.openai;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that answers embeddings requests in the forms of OpenAI
 * ({@code POST /v1/embeddings}) and Azure OpenAI ({@code POST /openai/deployments/{deployment}/embeddings}
 * and {@code POST /openai/v1/embeddings}), with their authentication, validation, errors and
 * rate-limit headers, so the remote providers can be tested and benchmarked without reaching
 * either service.
 * <p>
 * Vectors are deterministic per model and text ({@link #expectedVector}), so a test can check
 * that a client put every vector back on its own input. Latency, per-minute quotas and faults
 * (server errors, 429 storms, outages, stalls, malformed bodies) can be set while the server
 * runs. Faults are decided after a request is authenticated and validated and before its quota
 * is checked; an outage ({@link #down}) answers every request. Every request is recorded
 * ({@link #requests}) without its texts.
 * <p>
 * Quotas are kept per model for the OpenAI form and per deployment for the Azure forms, each a
 * pair of buckets (tokens and requests) refilled continuously at a minute's limit over 60
 * seconds and holding one {@linkplain #quotaWindow window}'s worth, as OpenAI enforces
 * "60,000 per minute" as "1,000 per second". A request larger than the window's worth needs the
 * bucket full and leaves it in debt, so one request of the largest size allowed can always pass.
 */
public final class OpenAiCompatibleServer implements AutoCloseable {

	/** The API key (and OpenAI bearer token) the server accepts until told otherwise. */
	public static final String DEFAULT_API_KEY = "test-key";

	private static final Logger logger = LoggerFactory.getLogger(OpenAiCompatibleServer.class);

	private static final String ORGANIZATION = "org-local";

	private static final String RATE_LIMITS_PAGE = "Visit https://platform.openai.com/account/rate-limits to learn more.";

	private static final Pattern AZURE_DEPLOYMENT_PATH = Pattern.compile("/openai/deployments/([^/]+)/embeddings");

	private static final Pattern AZURE_API_VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(-preview)?");

	/**
	 * The JDK's server writes an answer's headers and body apart; with Nagle's algorithm on, the
	 * body then waits for the client's delayed acknowledgement, some 40 ms an answer. The JDK
	 * reads this property once, when its first server starts.
	 */
	private static final String NO_DELAY = "sun.net.httpserver.nodelay";

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final AtomicLong sequence = new AtomicLong();

	private final ConcurrentSkipListMap<Long, RecordedRequest> recorded = new ConcurrentSkipListMap<>();

	private final AtomicLong acceptedTokens = new AtomicLong();

	private final AtomicLong rateLimited = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger peakConcurrency = new AtomicInteger();

	private final Map<String, String> deployments = new ConcurrentHashMap<>();

	private final Map<String, ModelQuota> quotas = new ConcurrentHashMap<>();

	private final FailureRate failures = new FailureRate();

	private final NextRequests rateLimitNext = new NextRequests();

	private final NextRequests stallNext = new NextRequests();

	private final NextRequests malformedNext = new NextRequests();

	private final Set<Thread> stalled = new HashSet<>();

	private volatile String apiKey = DEFAULT_API_KEY;

	private volatile @Nullable String entraToken;

	private volatile Latency latency = Latency.NONE;

	private volatile QuotaSettings quota = QuotaSettings.UNLIMITED;

	private volatile boolean down;

	private OpenAiCompatibleServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
		defaultDeployments();
		server.createContext("/", this::handle);
		server.setExecutor(executor);
		server.start();
	}

	/**
	 * Start a server on 127.0.0.1 and an ephemeral port.
	 * @return the running server
	 */
	public static OpenAiCompatibleServer start() {
		if (System.getProperty(NO_DELAY) == null) {
			System.setProperty(NO_DELAY, "true");
		}
		ExecutorService executor = Executors.newCachedThreadPool(new ServerThreads());
		try {
			InetAddress loopback = InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 });
			HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 1024);
			return new OpenAiCompatibleServer(server, executor);
		}
		catch (IOException ex) {
			executor.shutdownNow();
			throw new UncheckedIOException("Could not start the OpenAI-compatible server", ex);
		}
	}

	/**
	 * Return the vector the server answers for a text.
	 * @param model the model id, e.g. {@code text-embedding-3-small}
	 * @param text the input text
	 * @param dimensions the dimensions asked for, at most the model's native dimensions
	 * @return the unit-length vector
	 */
	public static float[] expectedVector(String model, String text, int dimensions) {
		ServedModel served = ServedModel.find(model);
		if (served == null) {
			throw new IllegalArgumentException("Unknown model " + model);
		}
		return served.vector(text, dimensions);
	}

	/**
	 * Return the native dimensions of a served model.
	 * @param model the model id
	 * @return its dimensions
	 */
	public static int dimensions(String model) {
		ServedModel served = ServedModel.find(model);
		if (served == null) {
			throw new IllegalArgumentException("Unknown model " + model);
		}
		return served.dimensions();
	}

	/**
	 * Return the prompt tokens of a text as the server counts them (cl100k_base).
	 * @param text the text
	 * @return its tokens
	 */
	public static int tokens(String text) {
		return Tokens.count(text);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Return the base URL of the OpenAI form; embeddings are posted to {@code {base}/embeddings}.
	 * @return {@code http://127.0.0.1:<port>/v1}
	 */
	public String openAiBaseUrl() {
		return azureEndpoint() + "/v1";
	}

	/**
	 * Return the endpoint of the Azure forms, as an Azure OpenAI resource's endpoint.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String azureEndpoint() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Set the key accepted as {@code Authorization: Bearer} by the OpenAI form and as the
	 * {@code api-key} header by the Azure forms.
	 * @param key the key
	 * @return this server
	 */
	public OpenAiCompatibleServer apiKey(String key) {
		this.apiKey = key;
		return this;
	}

	/**
	 * Set the Microsoft Entra token the Azure forms accept as {@code Authorization: Bearer}.
	 * @param token the token, or {@code null} to accept none
	 * @return this server
	 */
	public OpenAiCompatibleServer entraToken(@Nullable String token) {
		this.entraToken = token;
		return this;
	}

	/**
	 * Add an Azure deployment. Every model is also deployed under its own name.
	 * @param deployment the deployment name
	 * @param model the model it serves
	 * @return this server
	 */
	public OpenAiCompatibleServer deployment(String deployment, String model) {
		if (ServedModel.find(model) == null) {
			throw new IllegalArgumentException("Unknown model " + model);
		}
		this.deployments.put(deployment, model);
		return this;
	}

	/**
	 * Delay every answer by a fixed time and a uniformly random extra.
	 * @param fixed the fixed delay
	 * @param jitter the most random delay added
	 * @return this server
	 */
	public OpenAiCompatibleServer latency(Duration fixed, Duration jitter) {
		this.latency = new Latency(fixed, jitter);
		return this;
	}

	/**
	 * Set the per-minute limits of every model and deployment; the buckets start full.
	 * @param tokensPerMinute prompt tokens per minute, {@code 0} for no limit
	 * @param requestsPerMinute requests per minute, {@code 0} for no limit
	 * @return this server
	 */
	public OpenAiCompatibleServer quota(long tokensPerMinute, long requestsPerMinute) {
		this.quota = new QuotaSettings(tokensPerMinute, requestsPerMinute, this.quota.window());
		this.quotas.clear();
		return this;
	}

	/**
	 * Set the window over which the per-minute limits are enforced: a bucket holds
	 * {@code limit × window / 60 s}. One second unless told otherwise.
	 * @param window the window, at most a minute
	 * @return this server
	 */
	public OpenAiCompatibleServer quotaWindow(Duration window) {
		QuotaSettings current = this.quota;
		this.quota = new QuotaSettings(current.tokensPerMinute(), current.requestsPerMinute(), window);
		this.quotas.clear();
		return this;
	}

	/**
	 * Answer this share of requests with a 500 server error, drawn from a seeded random sequence;
	 * only requests that pass authentication and validation draw.
	 * @param probability the share, between 0 and 1
	 * @param seed the seed of the sequence
	 * @return this server
	 */
	public OpenAiCompatibleServer failureRate(double probability, long seed) {
		if (probability < 0 || probability > 1) {
			throw new IllegalArgumentException("A failure rate is between 0 and 1, not " + probability);
		}
		this.failures.set(probability, seed);
		return this;
	}

	/**
	 * Answer the next requests with 429 and a {@code Retry-After}, whatever the quota.
	 * @param requests how many requests
	 * @param retryAfter the wait the answers ask for
	 * @return this server
	 */
	public OpenAiCompatibleServer rateLimitNext(int requests, Duration retryAfter) {
		this.rateLimitNext.set(requests, retryAfter);
		return this;
	}

	/**
	 * Answer every request with 503 until set back.
	 * @param down whether the service is down
	 * @return this server
	 */
	public OpenAiCompatibleServer down(boolean down) {
		this.down = down;
		return this;
	}

	/**
	 * Answer the next requests only after a stall, so a client's timeout fires first.
	 * @param requests how many requests
	 * @param stall how long each is held
	 * @return this server
	 */
	public OpenAiCompatibleServer stallNext(int requests, Duration stall) {
		this.stallNext.set(requests, stall);
		return this;
	}

	/**
	 * Answer the next requests with 200 and a truncated JSON body.
	 * @param requests how many requests
	 * @return this server
	 */
	public OpenAiCompatibleServer malformedNext(int requests) {
		this.malformedNext.set(requests, Duration.ZERO);
		return this;
	}

	/**
	 * Go back to the defaults: the default key, no Entra token, deployments named after their
	 * models, no latency, no quota, no faults; forget the recorded requests and the counters, and
	 * end the requests still stalled without answering them.
	 */
	public void reset() {
		synchronized (this.stalled) {
			this.stalled.forEach(Thread::interrupt);
		}
		this.apiKey = DEFAULT_API_KEY;
		this.entraToken = null;
		this.deployments.clear();
		defaultDeployments();
		this.latency = Latency.NONE;
		this.quota = QuotaSettings.UNLIMITED;
		this.quotas.clear();
		this.failures.set(0, 0);
		this.rateLimitNext.set(0, Duration.ZERO);
		this.stallNext.set(0, Duration.ZERO);
		this.malformedNext.set(0, Duration.ZERO);
		this.down = false;
		this.recorded.clear();
		this.acceptedTokens.set(0);
		this.rateLimited.set(0);
		this.peakConcurrency.set(this.inFlight.get());
	}

	/**
	 * Return every request received, in arrival order; a request still being answered has
	 * status {@code 0}.
	 * @return the requests
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.recorded.values());
	}

	/**
	 * Return the prompt tokens of the requests answered with embeddings.
	 * @return the tokens
	 */
	public long acceptedTokens() {
		return this.acceptedTokens.get();
	}

	/**
	 * Return how many requests were answered 429, by a quota or by {@link #rateLimitNext}.
	 * @return the count
	 */
	public long rateLimited() {
		return this.rateLimited.get();
	}

	/**
	 * Return the most requests the server was answering at once.
	 * @return the peak
	 */
	public int peakConcurrency() {
		return this.peakConcurrency.get();
	}

	/**
	 * Stop listening and end every request still held.
	 */
	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.server.stop(0);
			this.executor.shutdownNow();
			try {
				this.executor.awaitTermination(2, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void defaultDeployments() {
		ServedModel.ALL.keySet().forEach((model) -> this.deployments.put(model, model));
	}

	private void handle(HttpExchange exchange) {
		this.peakConcurrency.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		Call call = new Call(this.sequence.incrementAndGet(), exchange);
		this.recorded.put(call.sequence, call.snapshot());
		boolean interrupted = false;
		try {
			byte[] body = exchange.getRequestBody().readAllBytes();
			pause(this.latency.next());
			try {
				answer(call, exchange, body);
			}
			catch (ApiError error) {
				if (error.status() == 429) {
					this.rateLimited.incrementAndGet();
				}
				send(call, exchange, error.status(), error.responseHeaders(), error.body());
			}
		}
		catch (IOException ex) {
			logger.debug("Could not answer {} {}: {}", call.method, call.path, ex.toString());
		}
		catch (InterruptedException ex) {
			interrupted = true;
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to answer {} {}", call.method, call.path, ex);
			if (call.status == 0) {
				ApiError error = ApiError.openAi(500, "The server had an error while processing your request.",
						"server_error", null, null);
				try {
					send(call, exchange, error.status(), error.responseHeaders(), error.body());
				}
				catch (IOException sendFailure) {
					logger.debug("Could not answer {} {}: {}", call.method, call.path, sendFailure.toString());
				}
			}
		}
		finally {
			exchange.close();
			this.inFlight.decrementAndGet();
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void answer(Call call, HttpExchange exchange, byte[] body)
			throws ApiError, IOException, InterruptedException {
		if (this.down) {
			throw ApiError.openAi(503, "The server is overloaded or not ready yet.", "server_error", null, null);
		}
		Route route = route(call);
		authenticate(route, call);
		EmbeddingsRequest request;
		String deployment = route.deployment();
		String model;
		if (deployment != null) {
			call.deployment = deployment;
			model = this.deployments.get(deployment);
			if (model == null) {
				throw deploymentNotFound();
			}
			call.model = model;
			request = read(call, body);
		}
		else {
			request = read(call, body);
			model = request.model();
			call.model = model;
			if (model == null) {
				throw ApiError.invalidRequest("Missing required parameter: 'model'.", "model",
						"missing_required_parameter");
			}
			if (route.form() == Form.AZURE_V1) {
				deployment = model;
				call.deployment = deployment;
				model = this.deployments.get(deployment);
				call.model = model;
				if (model == null) {
					throw deploymentNotFound();
				}
			}
		}
		ServedModel served = ServedModel.find(model);
		if (served == null) {
			throw ApiError.openAi(404, "The model `" + model + "` does not exist or you do not have access to it.",
					"invalid_request_error", null, "model_not_found");
		}
		request.check(served);
		String quotaKey = (deployment != null) ? "deployment:" + deployment : "model:" + served.name();
		Duration stall = this.stallNext.take();
		if (stall != null) {
			stall(stall);
		}
		Duration retryAfter = this.rateLimitNext.take();
		if (retryAfter != null) {
			throw rateLimitNextError(route, served, retryAfter).headers(rateLimitHeaders(route, quotaKey));
		}
		if (this.failures.next()) {
			throw ApiError.openAi(500, "The server had an error while processing your request. Sorry about that!",
					"server_error", null, null);
		}
		if (this.malformedNext.take() != null) {
			sendMalformed(call, exchange, request, served, rateLimitHeaders(route, quotaKey));
			return;
		}
		Map<String, String> headers = admit(route, served, quotaKey, request.totalTokens());
		sendEmbeddings(call, exchange, request, served, headers);
	}

	/**
	 * Hold a request, then let it be answered, unless {@link #reset} ended it meanwhile: a request
	 * stalled by one test must not be answered into the next one's counters.
	 */
	private void stall(Duration stall) throws InterruptedException {
		Thread thread = Thread.currentThread();
		synchronized (this.stalled) {
			this.stalled.add(thread);
		}
		try {
			pause(stall);
		}
		finally {
			synchronized (this.stalled) {
				this.stalled.remove(thread);
				if (Thread.interrupted()) {
					throw new InterruptedException("Ended by a reset");
				}
			}
		}
	}

	private EmbeddingsRequest read(Call call, byte[] body) throws ApiError {
		EmbeddingsRequest request = EmbeddingsRequest.read(body);
		call.inputs = request.texts().size();
		call.tokens = request.totalTokens();
		call.largestInputTokens = request.largestInputTokens();
		return request;
	}

	private Route route(Call call) throws ApiError {
		String path = call.path;
		Route route;
		if (path.equals("/v1/embeddings")) {
			route = new Route(Form.OPENAI, null, null);
		}
		else if (path.equals("/openai/v1/embeddings")) {
			route = new Route(Form.AZURE_V1, null, "v1");
		}
		else {
			Matcher deployment = AZURE_DEPLOYMENT_PATH.matcher(path);
			if (deployment.matches()) {
				String apiVersion = queryParameter(call.query, "api-version");
				if (apiVersion == null || !AZURE_API_VERSION.matcher(apiVersion).matches()) {
					throw resourceNotFound();
				}
				route = new Route(Form.AZURE_DEPLOYMENTS, deployment.group(1), apiVersion);
			}
			else if (path.startsWith("/openai/")) {
				throw resourceNotFound();
			}
			else {
				throw ApiError.openAi(404, "Invalid URL (" + call.method + " " + path + ")", "invalid_request_error",
						null, null);
			}
		}
		if (!call.method.equals("POST")) {
			if (route.form() == Form.OPENAI) {
				throw ApiError.openAi(405, "Invalid method for URL (" + call.method + " " + path + ")",
						"invalid_request_error", null, null);
			}
			throw resourceNotFound();
		}
		return route;
	}

	private void authenticate(Route route, Call call) throws ApiError {
		String key = this.apiKey;
		String token = this.entraToken;
		String bearer = bearer(call.headers.get("authorization"));
		if (route.form() == Form.OPENAI) {
			if (bearer == null) {
				throw ApiError.openAi(401, "You didn't provide an API key. You need to provide your API key in an"
						+ " Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the"
						+ " password field (with blank username) if you're accessing the API from your browser and are"
						+ " prompted for a username and password. You can obtain an API key from"
						+ " https://platform.openai.com/account/api-keys.", "invalid_request_error", null, null);
			}
			if (!bearer.equals(key)) {
				throw ApiError.openAi(401, "Incorrect API key provided: " + mask(bearer)
						+ ". You can find your API key at https://platform.openai.com/account/api-keys.",
						"invalid_request_error", null, "invalid_api_key");
			}
			return;
		}
		String azureKey = call.headers.get("api-key");
		if (azureKey != null) {
			if (!azureKey.equals(key)) {
				throw accessDenied();
			}
			return;
		}
		if (bearer != null) {
			boolean accepted = bearer.equals(token) || (route.form() == Form.AZURE_V1 && bearer.equals(key));
			if (!accepted) {
				throw ApiError.azure(401, "401", "Unauthorized. Access token is missing, invalid, audience is incorrect"
						+ " (https://cognitiveservices.azure.com), or have expired.");
			}
			return;
		}
		throw accessDenied();
	}

	private Map<String, String> admit(Route route, ServedModel served, String quotaKey, long tokens) throws ApiError {
		QuotaSettings settings = this.quota;
		if (!settings.limited()) {
			return Map.of();
		}
		ModelQuota.Decision decision = quotaOf(quotaKey, settings).acquire(tokens, System.nanoTime());
		Map<String, String> headers = (route.form() == Form.OPENAI) ? decision.state().openAiHeaders()
				: decision.state().azureHeaders();
		switch (decision.outcome()) {
			case GRANTED:
				return headers;
			case TOO_LARGE:
				if (route.form() == Form.OPENAI) {
					throw ApiError.openAi(429, "Request too large for " + served.name() + " in organization "
							+ ORGANIZATION + " on " + decision.limit().description() + ": Limit " + decision.perMinute()
							+ ", Requested " + decision.requested() + ". The input or output tokens must be reduced in"
							+ " order to run successfully. " + RATE_LIMITS_PAGE, decision.limit().type(), null,
							"rate_limit_exceeded")
						.headers(headers);
				}
				throw ApiError.azure(429, "429", "Requests to the Embeddings_Create Operation under Azure OpenAI API"
						+ " version " + route.apiVersion() + " have exceeded token rate limit of your current OpenAI S0"
						+ " pricing tier. This request asks for " + decision.requested() + " tokens, more than the limit"
						+ " of " + decision.perMinute() + " tokens per minute.")
					.headers(headers);
			default:
				ApiError error;
				if (route.form() == Form.OPENAI) {
					error = ApiError.openAi(429, "Rate limit reached for " + served.name() + " in organization "
							+ ORGANIZATION + " on " + decision.limit().description() + ": Limit " + decision.perMinute()
							+ ", Used " + decision.used() + ", Requested " + decision.requested()
							+ ". Please try again in " + OpenAiDurations.format(decision.retryIn()) + ". "
							+ RATE_LIMITS_PAGE, decision.limit().type(), null, "rate_limit_exceeded");
				}
				else {
					error = azureRateLimited(route, decision.limit(), decision.retryIn());
				}
				throw retryAfter(error, decision.retryIn()).headers(headers);
		}
	}

	/**
	 * Return the buckets of a model or deployment, new and full when the limits changed since
	 * they were made.
	 */
	private ModelQuota quotaOf(String quotaKey, QuotaSettings settings) {
		return this.quotas.compute(quotaKey, (key, existing) -> (existing != null && existing.settings() == settings)
				? existing : new ModelQuota(settings, System.nanoTime()));
	}

	private Map<String, String> rateLimitHeaders(Route route, String quotaKey) {
		QuotaSettings settings = this.quota;
		if (!settings.limited()) {
			return Map.of();
		}
		ModelQuota.State state = quotaOf(quotaKey, settings).peek(System.nanoTime());
		return (route.form() == Form.OPENAI) ? state.openAiHeaders() : state.azureHeaders();
	}

	private ApiError rateLimitNextError(Route route, ServedModel served, Duration retryAfter) {
		ApiError error;
		if (route.form() == Form.OPENAI) {
			error = ApiError.openAi(429, "Rate limit reached for " + served.name() + " in organization " + ORGANIZATION
					+ " on " + ModelQuota.Limit.REQUESTS.description() + ". Please try again in "
					+ OpenAiDurations.format(retryAfter) + ". " + RATE_LIMITS_PAGE, ModelQuota.Limit.REQUESTS.type(),
					null, "rate_limit_exceeded");
		}
		else {
			error = azureRateLimited(route, ModelQuota.Limit.REQUESTS, retryAfter);
		}
		return retryAfter(error, retryAfter);
	}

	private static ApiError azureRateLimited(Route route, ModelQuota.Limit limit, Duration wait) {
		String which = (limit == ModelQuota.Limit.TOKENS) ? "token rate limit" : "call rate limit";
		return ApiError.azure(429, "429",
				"Requests to the Embeddings_Create Operation under Azure OpenAI API version " + route.apiVersion()
						+ " have exceeded " + which + " of your current OpenAI S0 pricing tier. Please retry after "
						+ OpenAiDurations.ceilSeconds(wait) + " seconds. Please go here: https://aka.ms/oai/quotaincrease"
						+ " if you would like to further increase the default rate limit.");
	}

	private static ApiError retryAfter(ApiError error, Duration wait) {
		return error.header("retry-after", Long.toString(OpenAiDurations.ceilSeconds(wait)))
			.header("retry-after-ms", Long.toString(OpenAiDurations.ceilMillis(wait)));
	}

	private void sendEmbeddings(Call call, HttpExchange exchange, EmbeddingsRequest request, ServedModel served,
			Map<String, String> headers) throws IOException {
		this.acceptedTokens.addAndGet(request.totalTokens());
		prepare(call, exchange, 200, headers);
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
			OpenAiJson.writeEmbeddings(out, served.name(), served, request.texts(), request.dimensionsOf(served),
					request.base64(), request.totalTokens());
		}
	}

	private void sendMalformed(Call call, HttpExchange exchange, EmbeddingsRequest request, ServedModel served,
			Map<String, String> headers) throws IOException {
		ByteArrayOutputStream whole = new ByteArrayOutputStream();
		OpenAiJson.writeEmbeddings(whole, served.name(), served, request.texts(), request.dimensionsOf(served),
				request.base64(), request.totalTokens());
		byte[] body = whole.toByteArray();
		send(call, exchange, 200, headers, Arrays.copyOf(body, body.length / 2));
	}

	private void send(Call call, HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
			throws IOException {
		prepare(call, exchange, status, headers);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/**
	 * Set the answer's headers and record its status before anything is sent, so a client that
	 * has its answer also finds it recorded.
	 */
	private void prepare(Call call, HttpExchange exchange, int status, Map<String, String> headers) {
		Headers responseHeaders = exchange.getResponseHeaders();
		responseHeaders.set("Content-Type", "application/json");
		responseHeaders.set("x-request-id", "req_" + Long.toHexString(call.arrivalNanos ^ (call.sequence << 40)));
		headers.forEach(responseHeaders::set);
		call.status = status;
		this.recorded.put(call.sequence, call.snapshot());
		logger.debug("{} {} answered {} ({} inputs, {} tokens)", call.method, call.path, status, call.inputs,
				call.tokens);
	}

	private static void pause(Duration duration) throws InterruptedException {
		if (!duration.isZero() && !duration.isNegative()) {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
		}
	}

	private static @Nullable String bearer(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String credential = authorization.substring(7).trim();
		return credential.isEmpty() ? null : credential;
	}

	/**
	 * Mask a key as OpenAI does in its messages: never the whole key.
	 */
	private static String mask(String key) {
		if (key.length() <= 8) {
			return "*".repeat(key.length());
		}
		return key.substring(0, 3) + "*".repeat(key.length() - 7) + key.substring(key.length() - 4);
	}

	private static @Nullable String queryParameter(@Nullable String query, String name) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
				return (equals >= 0) ? URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8) : "";
			}
		}
		return null;
	}

	private static ApiError resourceNotFound() {
		return ApiError.azure(404, "404", "Resource not found");
	}

	private static ApiError deploymentNotFound() {
		return ApiError.azure(404, "DeploymentNotFound", "The API deployment for this resource does not exist. If you"
				+ " created the deployment within the last 5 minutes, please wait a moment and try again.");
	}

	private static ApiError accessDenied() {
		return ApiError.azure(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make"
				+ " sure to provide a valid key for an active subscription and use a correct regional API endpoint for"
				+ " your resource.");
	}

	private enum Form {

		OPENAI, AZURE_DEPLOYMENTS, AZURE_V1

	}

	/**
	 * Where a request went.
	 *
	 * @param form the API form
	 * @param deployment the deployment named in the path
	 * @param apiVersion the Azure API version, {@code v1} for the unified form
	 */
	private record Route(Form form, @Nullable String deployment, @Nullable String apiVersion) {

	}

	/**
	 * A fixed delay and a uniformly random extra.
	 *
	 * @param fixed the fixed delay
	 * @param jitter the most random delay added
	 */
	private record Latency(Duration fixed, Duration jitter) {

		static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

		Latency {
			if (fixed.isNegative() || jitter.isNegative()) {
				throw new IllegalArgumentException("Latency must not be negative");
			}
		}

		Duration next() {
			long extra = this.jitter.toNanos();
			return (extra > 0) ? this.fixed.plusNanos(ThreadLocalRandom.current().nextLong(extra + 1)) : this.fixed;
		}

	}

	/**
	 * A countdown of requests that get a fault, and the duration that goes with it.
	 */
	private static final class NextRequests {

		private int remaining;

		private Duration duration = Duration.ZERO;

		synchronized void set(int requests, Duration duration) {
			if (requests < 0 || duration.isNegative()) {
				throw new IllegalArgumentException("Requests and durations must not be negative");
			}
			this.remaining = requests;
			this.duration = duration;
		}

		synchronized @Nullable Duration take() {
			if (this.remaining == 0) {
				return null;
			}
			this.remaining--;
			return this.duration;
		}

	}

	/**
	 * A seeded draw per request, so a failing share is the same from run to run.
	 */
	private static final class FailureRate {

		private double probability;

		private SplittableRandom random = new SplittableRandom(0);

		synchronized void set(double probability, long seed) {
			this.probability = probability;
			this.random = new SplittableRandom(seed);
		}

		synchronized boolean next() {
			return this.probability > 0 && this.random.nextDouble() < this.probability;
		}

	}

	/**
	 * One request as it is being answered; only its handler thread changes it.
	 */
	private static final class Call {

		final long sequence;

		final long arrivalNanos = System.nanoTime();

		final String method;

		final String path;

		final @Nullable String query;

		final Map<String, String> headers;

		@Nullable String model;

		@Nullable String deployment;

		int inputs;

		long tokens;

		int largestInputTokens;

		int status;

		Call(long sequence, HttpExchange exchange) {
			this.sequence = sequence;
			this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
			this.path = exchange.getRequestURI().getPath();
			this.query = exchange.getRequestURI().getRawQuery();
			Map<String, String> headers = new HashMap<>();
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!values.isEmpty()) {
					headers.putIfAbsent(name.toLowerCase(Locale.ROOT), values.get(0));
				}
			});
			this.headers = Map.copyOf(headers);
		}

		RecordedRequest snapshot() {
			return new RecordedRequest(this.method, this.path, this.query, this.headers, this.model, this.deployment,
					this.inputs, this.tokens, this.largestInputTokens, this.status, this.arrivalNanos);
		}

	}

	/**
	 * Daemon threads with a name that says whose they are.
	 */
	private static final class ServerThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "openai-compatible-server-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
