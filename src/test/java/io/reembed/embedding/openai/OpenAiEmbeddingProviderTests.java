package io.reembed.embedding.openai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.embedding.EmbeddingException;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;
import io.reembed.embedding.ProviderUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The OpenAI provider against the local OpenAI-compatible server: what goes on the wire, and how it answers faults.
 */
class OpenAiEmbeddingProviderTests {

	private static final String API_KEY = "sk-test-0123456789abcdef";

	private final ModelRegistry registry = new ModelRegistry(384);

	private final SimpleMeterRegistry meterRegistry = new SimpleMeterRegistry();

	private OpenAiCompatibleServer server;

	private final List<OpenAiModels> models = new ArrayList<>();

	@BeforeEach
	void startServer() {
		this.server = OpenAiCompatibleServer.start().apiKey(API_KEY);
	}

	@AfterEach
	void stopServer() {
		this.models.forEach(OpenAiModels::close);
		this.server.close();
	}

	@Test
	void sendsOpenAiRequestsWithTheBearerTokenAndKeepsTheOrderAcrossSplitRequests() {
		// given
		EmbeddingProvider provider = openAi(Map.of());
		List<String> texts = IntStream.range(0, 2100).mapToObj((i) -> "row " + i + " about login").toList();

		// when
		List<float[]> vectors = provider.embed(texts);

		// then
		assertThat(vectors).hasSize(2100);
		assertThat(vectors.get(2099))
			.containsExactly(OpenAiCompatibleServer.expectedVector("text-embedding-3-small", texts.get(2099), 1536));
		assertThat(vectors.get(0))
			.containsExactly(OpenAiCompatibleServer.expectedVector("text-embedding-3-small", texts.get(0), 1536));
		assertThat(this.server.requests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/v1/embeddings");
			assertThat(request.headers()).containsEntry("authorization", "Bearer " + API_KEY);
			assertThat(request.inputs()).isLessThanOrEqualTo(2048);
			assertThat(request.status()).isEqualTo(200);
		});
		assertThat(this.meterRegistry.get("reembed.provider.tokens").tag("provider", "openai").counter().count())
			.isEqualTo(this.server.acceptedTokens());
	}

	@Test
	void asksForFewerDimensionsOnlyForAModelCutShort() {
		// given
		this.registry.registerRemote("te3-small-256", "text-embedding-3-small", 256);
		EmbeddingProvider provider = openAi(Map.of(), "te3-small-256");

		// when
		List<float[]> vectors = provider.embed(List.of("password reset fails"));

		// then
		assertThat(vectors.get(0)).containsExactly(
				OpenAiCompatibleServer.expectedVector("text-embedding-3-small", "password reset fails", 256));
	}

	@Test
	void truncatesAnInputOverTheTokenLimitAndNeverSendsItWhole() {
		// given
		EmbeddingProvider provider = openAi(Map.of());
		String longText = "token ".repeat(10_000);

		// when
		PreparedText prepared = provider.prepare(longText);
		List<float[]> vectors = provider.embed(List.of(longText, "short"));

		// then
		assertThat(prepared.truncated()).isTrue();
		assertThat(prepared.tokens()).isEqualTo(8192);
		assertThat(vectors).hasSize(2);
		assertThat(this.server.requests()).allSatisfy((request) -> {
			assertThat(request.status()).isEqualTo(200);
			assertThat(request.largestInputTokens()).isLessThanOrEqualTo(8192);
		}).anySatisfy((request) -> assertThat(request.largestInputTokens()).isEqualTo(8192));
	}

	@Test
	void neverSendsAnEmptyText() {
		// given
		EmbeddingProvider provider = openAi(Map.of());

		// when, then
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> provider.embed(List.of("a", " ")))
			.withMessageContaining("Text 1 of 2")
			.withMessageContaining("empty");
		assertThat(this.server.requests()).isEmpty();
	}

	@Test
	void callsAnAzureDeploymentWithItsApiKeyAndApiVersion() {
		// given
		this.server.deployment("embed-small", "text-embedding-3-small");
		EmbeddingProvider provider = azure(Map.of("reembed.providers.azure-openai.api-key", API_KEY,
				"reembed.providers.azure-openai.api-version", "2024-10-21"));

		// when
		List<float[]> vectors = provider.embed(List.of("login fails"));

		// then
		assertThat(vectors.get(0))
			.containsExactly(OpenAiCompatibleServer.expectedVector("text-embedding-3-small", "login fails", 1536));
		assertThat(this.server.requests()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/openai/deployments/embed-small/embeddings");
			assertThat(request.query()).isEqualTo("api-version=2024-10-21");
			assertThat(request.headers()).containsEntry("api-key", API_KEY).doesNotContainKey("authorization");
			assertThat(request.status()).isEqualTo(200);
		});
	}

	@Test
	void callsTheUnifiedAzurePathWithAnEntraTokenReadFromItsFile(@TempDir Path directory) throws Exception {
		// given
		this.server.deployment("embed-small", "text-embedding-3-small").entraToken("entra-token-1");
		Path tokenFile = Files.writeString(directory.resolve("token"), "entra-token-1\n");
		EmbeddingProvider provider = azure(Map.of("reembed.providers.azure-openai.entra-token-file",
				tokenFile.toString(), "reembed.providers.azure-openai.api-version", "v1"));

		// when
		provider.embed(List.of("login fails"));
		this.server.entraToken("entra-token-2");
		Files.writeString(tokenFile, "entra-token-2\n");
		provider.embed(List.of("login still fails"));

		// then
		assertThat(this.server.requests()).hasSize(2).allSatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/openai/v1/embeddings");
			assertThat(request.status()).isEqualTo(200);
		});
		assertThat(this.server.requests().get(1).headers()).containsEntry("authorization", "Bearer entra-token-2");
	}

	@Test
	void waitsAsA429Tells() {
		// given
		EmbeddingProvider provider = openAi(Map.of());
		this.server.rateLimitNext(2, Duration.ofMillis(700));

		// when
		List<float[]> vectors = provider.embed(List.of("login fails"));

		// then
		assertThat(vectors).hasSize(1);
		List<RecordedRequest> requests = this.server.requests();
		assertThat(requests).extracting(RecordedRequest::status).containsExactly(429, 429, 200);
		assertThat(requests.get(1).arrivalNanos() - requests.get(0).arrivalNanos())
			.isGreaterThanOrEqualTo(Duration.ofMillis(700).toNanos());
		assertThat(requests.get(2).arrivalNanos() - requests.get(1).arrivalNanos())
			.isGreaterThanOrEqualTo(Duration.ofMillis(700).toNanos());
		assertThat(this.meterRegistry.get("reembed.provider.rate.limited").counter().count()).isEqualTo(2);
	}

	@Test
	void retriesServerErrorsTimeoutsAndMalformedAnswers() {
		// given
		EmbeddingProvider provider = openAi(Map.of("reembed.providers.openai.timeout", "500ms"));
		this.server.malformedNext(1).stallNext(1, Duration.ofSeconds(2));

		// when
		List<float[]> vectors = provider.embed(List.of("login fails"));

		// then
		assertThat(vectors.get(0))
			.containsExactly(OpenAiCompatibleServer.expectedVector("text-embedding-3-small", "login fails", 1536));
		assertThat(this.server.requests()).hasSize(3);
		assertThat(this.meterRegistry.get("reembed.provider.retries").counter().count()).isEqualTo(2);
	}

	@Test
	void opensTheCircuitBreakerWhenTheProviderStaysDownAndNeverShowsTheKey() {
		// given
		EmbeddingProvider provider = openAi(Map.of("reembed.providers.max-attempts", "100",
				"reembed.providers.circuit-breaker.failure-threshold", "3"));
		this.server.down(true);

		// when, then
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> provider.embed(List.of("login fails")))
			.withMessageContaining("text-embedding-3-small")
			.withMessageContaining("HTTP 503")
			.withMessageNotContaining(API_KEY);
		assertThat(this.server.requests()).hasSize(3);
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> provider.embed(List.of("login fails")))
			.withMessageContaining("circuit breaker open");
		assertThat(this.server.requests()).as("an open breaker sends nothing").hasSize(3);
	}

	@Test
	void refusesAWrongKeyAtOnceWithoutShowingIt() {
		// given
		EmbeddingProvider provider = openAi(Map.of("reembed.providers.openai.api-key", "sk-wrong-key-987654321"));

		// when, then
		assertThatExceptionOfType(EmbeddingException.class).isThrownBy(() -> provider.embed(List.of("login fails")))
			.withMessageContaining("HTTP 401")
			.withMessageNotContaining("sk-wrong-key-987654321");
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void fallsBackToAnotherDeploymentOfTheSameModelWhileTheFirstIsDown() {
		// given
		try (OpenAiCompatibleServer azureServer = OpenAiCompatibleServer.start().apiKey(API_KEY)) {
			azureServer.deployment("embed-small", "text-embedding-3-small");
			Map<String, String> settings = new HashMap<>(Map.of("reembed.providers.openai.api-key", API_KEY,
					"reembed.providers.openai.base-url", this.server.openAiBaseUrl(),
					"reembed.providers.azure-openai.endpoint", azureServer.azureEndpoint(),
					"reembed.providers.azure-openai.api-key", API_KEY,
					"reembed.providers.azure-openai.deployments.text-embedding-3-small", "embed-small",
					"reembed.providers.circuit-breaker.failure-threshold", "2",
					"reembed.providers.backoff.delay", "10ms", "reembed.providers.backoff.jitter", "0ms"));
			EmbeddingProvider provider = provider(settings, "text-embedding-3-small");
			this.server.down(true);

			// when
			List<float[]> vectors = provider.embed(List.of("login fails"));

			// then
			assertThat(vectors.get(0)).containsExactly(
					OpenAiCompatibleServer.expectedVector("text-embedding-3-small", "login fails", 1536));
			assertThat(this.server.requests()).hasSize(2);
			assertThat(azureServer.requests()).singleElement()
				.satisfies((request) -> assertThat(request.status()).isEqualTo(200));
		}
	}

	private EmbeddingProvider openAi(Map<String, String> overrides) {
		return openAi(overrides, "text-embedding-3-small");
	}

	private EmbeddingProvider openAi(Map<String, String> overrides, String model) {
		Map<String, String> settings = new HashMap<>(Map.of("reembed.providers.openai.api-key", API_KEY,
				"reembed.providers.openai.base-url", this.server.openAiBaseUrl(), "reembed.providers.backoff.delay",
				"10ms", "reembed.providers.backoff.jitter", "0ms"));
		settings.putAll(overrides);
		return provider(settings, model);
	}

	private EmbeddingProvider azure(Map<String, String> overrides) {
		Map<String, String> settings = new HashMap<>(Map.of("reembed.providers.azure-openai.endpoint",
				this.server.azureEndpoint(), "reembed.providers.azure-openai.deployments.text-embedding-3-small",
				"embed-small", "reembed.providers.backoff.delay", "10ms", "reembed.providers.backoff.jitter", "0ms"));
		settings.putAll(overrides);
		return provider(settings, "text-embedding-3-small");
	}

	private EmbeddingProvider provider(Map<String, String> settings, String model) {
		ReembedProperties properties = new Binder(new MapConfigurationPropertySource(settings))
			.bindOrCreate("reembed", ReembedProperties.class);
		OpenAiModels openAiModels = new OpenAiModels(properties.providers(), Map.of(), this.meterRegistry);
		this.models.add(openAiModels);
		ModelSpec spec = this.registry.get(model);
		return openAiModels.provider(spec);
	}

}
