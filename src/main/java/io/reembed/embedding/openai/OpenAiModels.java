package io.reembed.embedding.openai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.credential.BearerTokenCredential;
import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.embedding.EmbeddingException;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.RemoteModels;
import io.reembed.embedding.TextPreparer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Serves OpenAI's embedding models through whichever of OpenAI and Azure OpenAI is configured. Each deployment has
 * one client, one pacing of its quota and one circuit breaker, shared by every call.
 */
public final class OpenAiModels implements RemoteModels, AutoCloseable {

	/** The unified Azure OpenAI path, which takes no {@code api-version}. */
	private static final String AZURE_V1 = "v1";

	private final ReembedProperties.Providers properties;

	private final Map<String, BigDecimal> prices;

	private final ProviderMetrics metrics;

	private final Map<String, OpenAIClient> clients = new ConcurrentHashMap<>();

	private final Map<Deployment, OpenAiEmbeddingProvider.Route> routes = new ConcurrentHashMap<>();

	/**
	 * @param prices US dollars per million input tokens, by model id
	 */
	public OpenAiModels(ReembedProperties.Providers properties, Map<String, BigDecimal> prices,
			MeterRegistry meterRegistry) {
		this.properties = properties;
		this.prices = prices;
		this.metrics = new ProviderMetrics(meterRegistry);
	}

	@Override
	public EmbeddingProvider provider(ModelSpec model) {
		List<Deployment> deployments = Deployments.of(this.properties, model.modelId());
		if (deployments.isEmpty()) {
			throw new EmbeddingException("Model '" + model.name() + "' is served by OpenAI or Azure OpenAI, and "
					+ "neither is configured for it: set reembed.providers.openai.api-key (or OPENAI_API_KEY), or "
					+ "reembed.providers.azure-openai.endpoint with a deployment of '" + model.modelId()
					+ "' under reembed.providers.azure-openai.deployments");
		}
		List<OpenAiEmbeddingProvider.Route> modelRoutes = new ArrayList<>(deployments.size());
		for (Deployment deployment : deployments) {
			modelRoutes.add(this.routes.computeIfAbsent(deployment, this::route));
		}
		return new OpenAiEmbeddingProvider(model, modelRoutes, this.properties, this.metrics,
				pricePerMillionTokens(model));
	}

	@Override
	public TextPreparer preparer(ModelSpec model) {
		return OpenAiTokenizer.of(model);
	}

	/**
	 * How many requests one call takes to embed texts of these token counts: OpenAI takes at most 2,048 inputs and
	 * 300,000 tokens, all inputs together, in one request, and each request is filled in order up to both.
	 * @param tokens tokens of each text, in the order of the call
	 */
	public static int requests(int[] tokens) {
		return RequestPlanner.plan(tokens, RequestPlanner.MAX_INPUTS, RequestPlanner.MAX_REQUEST_TOKENS).size();
	}

	/** US dollars per million input tokens of the model, zero when no price is configured. */
	public BigDecimal pricePerMillionTokens(ModelSpec model) {
		return this.prices.getOrDefault(model.modelId(), BigDecimal.ZERO);
	}

	private OpenAiEmbeddingProvider.Route route(Deployment deployment) {
		boolean azure = Deployment.AZURE_OPENAI.equals(deployment.provider());
		ReembedProperties.Quota quota = azure ? this.properties.azureOpenai().quota()
				: this.properties.openai().quota();
		OpenAIClient client = this.clients.computeIfAbsent(deployment.provider(),
				(provider) -> azure ? azureClient() : openAiClient());
		return new OpenAiEmbeddingProvider.Route(deployment, client,
				new RateController(quota.tokensPerMinute(), quota.requestsPerMinute(),
						this.properties.quotaUtilization(), this.properties.maxConcurrency()),
				new CircuitBreaker(this.properties.circuitBreaker().failureThreshold(),
						this.properties.circuitBreaker().openDuration()),
				secrets(azure));
	}

	private OpenAIClient openAiClient() {
		ReembedProperties.OpenAi openai = this.properties.openai();
		OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
			.baseUrl(openai.baseUrl())
			.apiKey(String.valueOf(openai.apiKey()))
			.timeout(openai.timeout())
			// Retries are this provider's: the SDK's own would multiply them and ignore the quota pacing.
			.maxRetries(0);
		if (StringUtils.hasText(openai.organization())) {
			builder.organization(openai.organization());
		}
		if (StringUtils.hasText(openai.project())) {
			builder.project(openai.project());
		}
		return builder.build();
	}

	private OpenAIClient azureClient() {
		ReembedProperties.AzureOpenAi azure = this.properties.azureOpenai();
		String endpoint = StringUtils.trimTrailingCharacter(String.valueOf(azure.endpoint()), '/');
		OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder().timeout(azure.timeout()).maxRetries(0);
		if (AZURE_V1.equals(azure.apiVersion())) {
			builder.baseUrl(endpoint + "/openai/v1").azureUrlPathMode(AzureUrlPathMode.UNIFIED);
		}
		else {
			builder.baseUrl(endpoint)
				.azureUrlPathMode(AzureUrlPathMode.LEGACY)
				.azureServiceVersion(AzureOpenAIServiceVersion.fromString(azure.apiVersion()));
		}
		if (StringUtils.hasText(azure.entraTokenFile())) {
			Path file = Path.of(azure.entraTokenFile());
			builder.credential(BearerTokenCredential.create(() -> readToken(file)));
		}
		else if (StringUtils.hasText(azure.entraToken())) {
			builder.credential(BearerTokenCredential.create(azure.entraToken()));
		}
		else if (StringUtils.hasText(azure.apiKey())) {
			builder.credential(AzureApiKeyCredential.create(azure.apiKey()));
		}
		else {
			throw new EmbeddingException("Azure OpenAI at " + endpoint + " has no credential: set "
					+ "reembed.providers.azure-openai.api-key, entra-token or entra-token-file");
		}
		return builder.build();
	}

	private static String readToken(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Entra ID token file " + file, ex);
		}
	}

	private List<String> secrets(boolean azure) {
		List<String> secrets = new ArrayList<>();
		if (azure) {
			addIfSet(secrets, this.properties.azureOpenai().apiKey());
			addIfSet(secrets, this.properties.azureOpenai().entraToken());
		}
		else {
			addIfSet(secrets, this.properties.openai().apiKey());
		}
		return secrets;
	}

	private static void addIfSet(List<String> secrets, @Nullable String secret) {
		if (StringUtils.hasText(secret)) {
			secrets.add(secret);
		}
	}

	@Override
	public void close() {
		this.clients.values().forEach(OpenAIClient::close);
	}

}
