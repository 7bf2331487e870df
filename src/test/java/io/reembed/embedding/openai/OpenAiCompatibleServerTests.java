package io.reembed.embedding.openai;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class OpenAiCompatibleServerTests {

	private static final String SMALL = "text-embedding-3-small";

	private static final String LARGE = "text-embedding-3-large";

	private static final String ADA = "text-embedding-ada-002";

	private static final String API_VERSION = "2024-10-21";

	/** Floats are read as decimals so each parses back to exactly the float that was written. */
	private static final ObjectMapper JSON = new ObjectMapper()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

	private static OpenAiCompatibleServer server;

	private static HttpClient client;

	@BeforeAll
	static void startServer() {
		server = OpenAiCompatibleServer.start();
		client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
	}

	@AfterEach
	void resetServer() {
		server.reset();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void answersTheOpenAiFormWithEveryVectorAtItsInputsIndex() throws Exception {
		// given
		List<String> texts = List.of("first row", "a second, longer row of text", "third");

		// when
		HttpResponse<String> response = postOpenAi(body(SMALL, texts));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("object").asText()).isEqualTo("list");
		assertThat(answer.path("model").asText()).isEqualTo(SMALL);
		assertThat(answer.path("data")).hasSize(3);
		for (int i = 0; i < texts.size(); i++) {
			JsonNode item = answer.path("data").get(i);
			assertThat(item.path("object").asText()).isEqualTo("embedding");
			assertThat(item.path("index").asInt()).isEqualTo(i);
			assertThat(floats(item.path("embedding")))
				.containsExactly(OpenAiCompatibleServer.expectedVector(SMALL, texts.get(i), 1536));
		}
		int tokens = texts.stream().mapToInt(OpenAiCompatibleServer::tokens).sum();
		assertThat(answer.path("usage").path("prompt_tokens").asInt()).isEqualTo(tokens);
		assertThat(answer.path("usage").path("total_tokens").asInt()).isEqualTo(tokens);
		assertThat(server.acceptedTokens()).isEqualTo(tokens);
	}

	@Test
	void answersASingleStringAndTokenArraysAsTheirText() throws Exception {
		// given
		String text = "the same text, sent three ways";
		int[] tokens = Encodings.newLazyEncodingRegistry()
			.getEncoding(EncodingType.CL100K_BASE)
			.encodeOrdinary(text)
			.toArray();
		Map<String, Object> asTokens = new LinkedHashMap<>();
		asTokens.put("model", SMALL);
		asTokens.put("input", tokens);
		Map<String, Object> asTokenArrays = new LinkedHashMap<>();
		asTokenArrays.put("model", SMALL);
		asTokenArrays.put("input", List.of(tokens, tokens));

		// when
		JsonNode single = JSON.readTree(postOpenAi(body(Map.of("model", SMALL, "input", text))).body());
		JsonNode tokenArray = JSON.readTree(postOpenAi(body(asTokens)).body());
		JsonNode tokenArrays = JSON.readTree(postOpenAi(body(asTokenArrays)).body());

		// then
		float[] expected = OpenAiCompatibleServer.expectedVector(SMALL, text, 1536);
		assertThat(floats(single.path("data").get(0).path("embedding"))).containsExactly(expected);
		assertThat(floats(tokenArray.path("data").get(0).path("embedding"))).containsExactly(expected);
		assertThat(tokenArrays.path("data")).hasSize(2);
		assertThat(floats(tokenArrays.path("data").get(1).path("embedding"))).containsExactly(expected);
		assertThat(tokenArray.path("usage").path("prompt_tokens").asInt()).isEqualTo(tokens.length);
	}

	@Test
	void answersTheAzureDeploymentFormWithTheDeploymentsModel() throws Exception {
		// given
		server.deployment("embeddings-large", LARGE);
		List<String> texts = List.of("one", "two");
		String url = server.azureEndpoint() + "/openai/deployments/embeddings-large/embeddings?api-version="
				+ API_VERSION;

		// when
		HttpResponse<String> response = post(url, Map.of("api-key", OpenAiCompatibleServer.DEFAULT_API_KEY),
				body(Map.of("input", texts, "dimensions", 256)));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = JSON.readTree(response.body());
		assertThat(answer.path("model").asText()).isEqualTo(LARGE);
		assertThat(floats(answer.path("data").get(0).path("embedding")))
			.containsExactly(OpenAiCompatibleServer.expectedVector(LARGE, "one", 256));
		assertThat(floats(answer.path("data").get(1).path("embedding")))
			.containsExactly(OpenAiCompatibleServer.expectedVector(LARGE, "two", 256));
		RecordedRequest recorded = server.requests().get(0);
		assertThat(recorded.deployment()).isEqualTo("embeddings-large");
		assertThat(recorded.model()).isEqualTo(LARGE);
		assertThat(recorded.query()).isEqualTo("api-version=" + API_VERSION);
	}

	@Test
	void answersTheAzureV1FormWithAnApiKeyOrAnEntraToken() throws Exception {
		// given
		server.deployment("small", SMALL).entraToken("entra-token");
		String url = server.azureEndpoint() + "/openai/v1/embeddings";
		String body = body(Map.of("model", "small", "input", List.of("alpha", "beta")));

		// when
		HttpResponse<String> withKey = post(url, Map.of("api-key", OpenAiCompatibleServer.DEFAULT_API_KEY), body);
		HttpResponse<String> withToken = post(url, Map.of("Authorization", "Bearer entra-token"), body);

		// then
		assertThat(withKey.statusCode()).isEqualTo(200);
		assertThat(withToken.statusCode()).isEqualTo(200);
		JsonNode answer = JSON.readTree(withToken.body());
		assertThat(answer.path("model").asText()).isEqualTo(SMALL);
		assertThat(floats(answer.path("data").get(1).path("embedding")))
			.containsExactly(OpenAiCompatibleServer.expectedVector(SMALL, "beta", 1536));
	}

	@Test
	void answersAzureErrorsForAMissingApiVersionAndAnUnknownDeployment() throws Exception {
		// given
		Map<String, String> key = Map.of("api-key", OpenAiCompatibleServer.DEFAULT_API_KEY);
		String body = body(Map.of("input", "text"));
		String deployments = server.azureEndpoint() + "/openai/deployments/";

		// when
		HttpResponse<String> noVersion = post(deployments + SMALL + "/embeddings", key, body);
		HttpResponse<String> unknown = post(deployments + "nowhere/embeddings?api-version=" + API_VERSION, key, body);
		HttpResponse<String> unknownV1 = post(server.azureEndpoint() + "/openai/v1/embeddings", key,
				body(Map.of("model", "nowhere", "input", "text")));

		// then
		assertThat(noVersion.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(noVersion.body()).path("error").path("message").asText())
			.isEqualTo("Resource not found");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(unknown.body()).path("error").path("code").asText()).isEqualTo("DeploymentNotFound");
		assertThat(unknownV1.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(unknownV1.body()).path("error").path("code").asText())
			.isEqualTo("DeploymentNotFound");
	}

	@Test
	void requiresTheKeyOfEachForm() throws Exception {
		// given
		server.apiKey("sk-correct-key-0123456789");
		String body = body(SMALL, List.of("text"));
		String azure = server.azureEndpoint() + "/openai/deployments/" + SMALL + "/embeddings?api-version="
				+ API_VERSION;

		// when
		HttpResponse<String> missing = post(server.openAiBaseUrl() + "/embeddings", Map.of(), body);
		HttpResponse<String> wrong = post(server.openAiBaseUrl() + "/embeddings",
				Map.of("Authorization", "Bearer sk-wrong-key-9876543210"), body);
		HttpResponse<String> right = post(server.openAiBaseUrl() + "/embeddings",
				Map.of("Authorization", "Bearer sk-correct-key-0123456789"), body);
		HttpResponse<String> azureWrong = post(azure, Map.of("api-key", "wrong"), body);
		HttpResponse<String> azureBearerKey = post(azure, Map.of("Authorization", "Bearer sk-correct-key-0123456789"),
				body);

		// then
		assertThat(missing.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(missing.body()).path("error").path("message").asText())
			.startsWith("You didn't provide an API key.");
		assertThat(wrong.statusCode()).isEqualTo(401);
		JsonNode error = JSON.readTree(wrong.body()).path("error");
		assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
		assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
		assertThat(error.path("param").isNull()).isTrue();
		assertThat(error.path("message").asText()).startsWith("Incorrect API key provided: sk-")
			.doesNotContain("sk-wrong-key-9876543210");
		assertThat(right.statusCode()).isEqualTo(200);
		assertThat(azureWrong.statusCode()).isEqualTo(401);
		assertThat(JSON.readTree(azureWrong.body()).path("error").path("code").asText()).isEqualTo("401");
		assertThat(azureBearerKey.statusCode()).isEqualTo(401);
	}

	@Test
	void refusesMoreThan2048Inputs() throws Exception {
		// when
		HttpResponse<String> response = postOpenAi(body(SMALL, Collections.nCopies(2049, "row")));

		// then
		assertBadRequest(response, "invalid_request_error", "array length must be 2048 or less");
	}

	@Test
	void refusesAnInputOver8192Tokens() throws Exception {
		// when
		HttpResponse<String> response = postOpenAi(body(SMALL, List.of("short", words(8193))));

		// then
		assertBadRequest(response, "invalid_request_error", "maximum context length is 8192 tokens");
		assertThat(server.requests().get(0).largestInputTokens()).isEqualTo(8193);
	}

	@Test
	void refusesMoreThan300000TokensInARequest() throws Exception {
		// when
		HttpResponse<String> response = postOpenAi(body(SMALL, Collections.nCopies(38, words(8000))));

		// then
		assertBadRequest(response, "max_tokens_per_request", "Requested 304000 tokens, max 300000 tokens per request");
		assertThat(JSON.readTree(response.body()).path("error").path("code").asText())
			.isEqualTo("max_tokens_per_request");
	}

	@Test
	void refusesAnEmptyStringAndInputsThatAreNotText() throws Exception {
		// when
		HttpResponse<String> empty = postOpenAi(body(SMALL, List.of("text", "")));
		HttpResponse<String> number = postOpenAi(body(Map.of("model", SMALL, "input", 42)));
		HttpResponse<String> mixed = postOpenAi(body(Map.of("model", SMALL, "input", List.of("text", 42))));
		HttpResponse<String> notJson = postOpenAi("{\"model\": ");

		// then
		assertBadRequest(empty, "invalid_request_error", "input[1] is an empty string");
		assertBadRequest(number, "invalid_request_error", "'$.input' is invalid");
		assertBadRequest(mixed, "invalid_request_error", "input[1] is not a string");
		assertBadRequest(notJson, "invalid_request_error", "We could not parse the JSON body of your request.");
	}

	@Test
	void refusesDimensionsForAda002AndOutsideTheModelsSize() throws Exception {
		// when
		HttpResponse<String> ada = postOpenAi(body(Map.of("model", ADA, "input", "text", "dimensions", 512)));
		HttpResponse<String> tooMany = postOpenAi(body(Map.of("model", SMALL, "input", "text", "dimensions", 1537)));
		HttpResponse<String> adaNative = postOpenAi(body(ADA, List.of("text")));

		// then
		assertBadRequest(ada, "invalid_request_error", "This model does not support specifying dimensions.");
		assertBadRequest(tooMany, "invalid_request_error", "Expected a value <= 1536");
		assertThat(adaNative.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(adaNative.body()).path("data").get(0).path("embedding")).hasSize(1536);
	}

	@Test
	void answersAnUnknownModelWithModelNotFound() throws Exception {
		// when
		HttpResponse<String> response = postOpenAi(body("text-embedding-4-huge", List.of("text")));

		// then
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
	}

	@Test
	void writesBase64AsLittleEndianFloats() throws Exception {
		// given
		List<String> texts = List.of("encoded", "as base64");

		// when
		HttpResponse<String> response = postOpenAi(
				body(Map.of("model", SMALL, "input", texts, "encoding_format", "base64", "dimensions", 512)));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode data = JSON.readTree(response.body()).path("data");
		for (int i = 0; i < texts.size(); i++) {
			ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(data.get(i).path("embedding").asText()))
				.order(ByteOrder.LITTLE_ENDIAN);
			float[] vector = new float[bytes.remaining() / Float.BYTES];
			bytes.asFloatBuffer().get(vector);
			assertThat(vector).containsExactly(OpenAiCompatibleServer.expectedVector(SMALL, texts.get(i), 512));
		}
	}

	@Test
	void shortensVectorsAsTextEmbedding3Does() {
		// when
		float[] full = OpenAiCompatibleServer.expectedVector(LARGE, "text", 3072);
		float[] shortened = OpenAiCompatibleServer.expectedVector(LARGE, "text", 256);

		// then
		assertThat(norm(full)).isCloseTo(1.0, within(1e-5));
		assertThat(norm(shortened)).isCloseTo(1.0, within(1e-5));
		double scale = shortened[0] / full[0];
		for (int i = 0; i < shortened.length; i++) {
			assertThat((double) shortened[i]).isCloseTo(full[i] * scale, within(1e-5));
		}
		assertThat(OpenAiCompatibleServer.expectedVector(LARGE, "text", 3072)).containsExactly(full);
		assertThat(OpenAiCompatibleServer.expectedVector(SMALL, "text", 1536)).isNotEqualTo(full);
	}

	@Test
	void writesFloatsThatParseBackToTheSameFloats() {
		// given
		SplittableRandom random = new SplittableRandom(11);
		List<Float> values = new ArrayList<>(List.of(0f, -0f, 1f, -1f, 0.1f, 1e-7f, 9.999999e-8f, 1e7f, 123456.79f,
				0.001f, 1.0000001f, Float.MIN_VALUE, Float.MAX_VALUE, 3.4e-5f, 999999.94f));
		for (int i = 0; i < 20_000; i++) {
			values.add(Float.intBitsToFloat(random.nextInt()));
			values.add((float) (random.nextGaussian() / 40));
		}
		values.removeIf((value) -> !Float.isFinite(value));
		char[] chars = new char[32];

		// when / then
		for (float value : values) {
			String written = new String(chars, 0, OpenAiJson.appendFloat(chars, 0, value));
			assertThat(Float.parseFloat(written)).as(written).isEqualTo(value);
			assertThat(written).matches("-?\\d+\\.\\d+(E-?\\d+)?");
		}
	}

	@Test
	void refusesABurstOverTheTokenBucketUntilItHasRefilled() throws Exception {
		// given: 6,000 tokens per minute are 100 per second, and a one-second window holds 100
		server.quota(6_000, 0);
		String body = body(SMALL, List.of(words(40)));

		// when
		List<HttpResponse<String>> burst = new ArrayList<>();
		HttpResponse<String> response;
		do {
			response = postOpenAi(body);
			burst.add(response);
		}
		while (response.statusCode() == 200 && burst.size() < 10);

		// then
		assertThat(burst.get(0).statusCode()).isEqualTo(200);
		assertThat(burst.get(0).headers().firstValue("x-ratelimit-limit-tokens")).hasValue("6000");
		assertThat(burst.get(0).headers().firstValue("x-ratelimit-remaining-tokens").map(Long::parseLong))
			.hasValueSatisfying((remaining) -> assertThat(remaining).isBetween(50L, 60L));
		assertThat(burst.get(0).headers().firstValue("x-ratelimit-reset-tokens"))
			.hasValueSatisfying((reset) -> assertThat(reset).matches("[1-4]\\d\\dms"));
		assertThat(burst.get(0).headers().firstValue("x-ratelimit-limit-requests")).isEmpty();
		assertThat(response.statusCode()).isEqualTo(429);
		JsonNode error = JSON.readTree(response.body()).path("error");
		assertThat(error.path("type").asText()).isEqualTo("tokens");
		assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
		assertThat(error.path("message").asText()).contains("on tokens per min (TPM): Limit 6000, Used ")
			.contains("Requested 40. Please try again in ");
		long retryAfterMs = Long.parseLong(response.headers().firstValue("retry-after-ms").orElseThrow());
		assertThat(retryAfterMs).isBetween(1L, 400L);
		assertThat(response.headers().firstValue("retry-after")).hasValue("1");
		assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens").map(Long::parseLong))
			.hasValueSatisfying((remaining) -> assertThat(remaining).isLessThan(40));
		assertThat(server.rateLimited()).isEqualTo(1);

		// when
		Thread.sleep(retryAfterMs);
		HttpResponse<String> retried = postOpenAi(body);

		// then
		assertThat(retried.statusCode()).isEqualTo(200);
		assertThat(server.acceptedTokens()).isEqualTo(40L * (burst.size()));
	}

	@Test
	void refusesRequestsOverTheRequestBucketAndRequestsLargerThanTheLimit() throws Exception {
		// given: 60 requests per minute, one per one-second window
		server.quota(0, 60);

		// when
		HttpResponse<String> first = postOpenAi(body(SMALL, List.of("one")));
		HttpResponse<String> second = postOpenAi(body(SMALL, List.of("two")));

		// then
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("60");
		assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
		assertThat(second.statusCode()).isEqualTo(429);
		assertThat(JSON.readTree(second.body()).path("error").path("type").asText()).isEqualTo("requests");
		assertThat(Long.parseLong(second.headers().firstValue("retry-after-ms").orElseThrow())).isBetween(1L, 1000L);

		// given
		server.quota(100, 0);

		// when
		HttpResponse<String> tooLarge = postOpenAi(body(SMALL, List.of(words(150))));

		// then
		assertThat(tooLarge.statusCode()).isEqualTo(429);
		assertThat(JSON.readTree(tooLarge.body()).path("error").path("message").asText())
			.startsWith("Request too large for " + SMALL);
	}

	@Test
	void letsARequestLargerThanTheWindowPassWhenTheBucketIsFull() throws Exception {
		// given: a one-second window holds 100 tokens
		server.quota(6_000, 0);

		// when
		HttpResponse<String> large = postOpenAi(body(SMALL, List.of(words(150))));
		HttpResponse<String> next = postOpenAi(body(SMALL, List.of(words(10))));

		// then
		assertThat(large.statusCode()).isEqualTo(200);
		assertThat(large.headers().firstValue("x-ratelimit-remaining-tokens")).hasValue("0");
		assertThat(next.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(next.headers().firstValue("retry-after-ms").orElseThrow())).isGreaterThan(300L);
	}

	@Test
	void reportsOnlyRemainingLimitsOnTheAzureForms() throws Exception {
		// given
		server.quota(6_000, 600);

		// when
		HttpResponse<String> response = post(server.azureEndpoint() + "/openai/v1/embeddings",
				Map.of("api-key", OpenAiCompatibleServer.DEFAULT_API_KEY), body(SMALL, List.of("text")));

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-ratelimit-remaining-tokens")).isPresent();
		assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
		assertThat(response.headers().firstValue("x-ratelimit-limit-tokens")).isEmpty();
	}

	@Test
	void answersAStormOf429sWithRetryAfter() throws Exception {
		// given
		server.rateLimitNext(2, Duration.ofMillis(1500));
		String body = body(SMALL, List.of("text"));

		// when
		List<HttpResponse<String>> responses = List.of(postOpenAi(body), postOpenAi(body), postOpenAi(body));

		// then
		assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(429, 429, 200);
		assertThat(responses.get(0).headers().firstValue("retry-after")).hasValue("2");
		assertThat(responses.get(0).headers().firstValue("retry-after-ms")).hasValue("1500");
		assertThat(JSON.readTree(responses.get(1).body()).path("error").path("code").asText())
			.isEqualTo("rate_limit_exceeded");
		assertThat(server.rateLimited()).isEqualTo(2);
	}

	@Test
	void answers503WhileDown() throws Exception {
		// given
		server.down(true);
		String body = body(SMALL, List.of("text"));

		// when
		HttpResponse<String> whileDown = postOpenAi(body);
		HttpResponse<String> azureWhileDown = post(
				server.azureEndpoint() + "/openai/deployments/" + SMALL + "/embeddings?api-version=" + API_VERSION,
				Map.of("api-key", OpenAiCompatibleServer.DEFAULT_API_KEY), body);
		server.down(false);
		HttpResponse<String> afterwards = postOpenAi(body);

		// then
		assertThat(whileDown.statusCode()).isEqualTo(503);
		assertThat(JSON.readTree(whileDown.body()).path("error").path("type").asText()).isEqualTo("server_error");
		assertThat(azureWhileDown.statusCode()).isEqualTo(503);
		assertThat(afterwards.statusCode()).isEqualTo(200);
	}

	@Test
	void failsTheSeededShareOfRequests() throws Exception {
		// given
		server.failureRate(0.25, 7);
		String body = body(SMALL, List.of("text"));

		// when
		List<Integer> statuses = statuses(200, body);
		server.failureRate(0.25, 7);
		List<Integer> again = statuses(200, body);

		// then
		long failed = statuses.stream().filter((status) -> status == 500).count();
		assertThat(failed).isBetween(30L, 70L);
		assertThat(statuses).containsOnly(200, 500);
		assertThat(again).isEqualTo(statuses);
	}

	@Test
	void answersTruncatedJsonWhenToldTo() throws Exception {
		// given
		server.malformedNext(1);
		String body = body(SMALL, List.of("text"));

		// when
		HttpResponse<String> malformed = postOpenAi(body);
		HttpResponse<String> next = postOpenAi(body);

		// then
		assertThat(malformed.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(JsonProcessingException.class).isThrownBy(() -> JSON.readTree(malformed.body()));
		assertThat(JSON.readTree(next.body()).path("data")).hasSize(1);
		assertThat(server.acceptedTokens()).isEqualTo(OpenAiCompatibleServer.tokens("text"));
	}

	@Test
	void holdsAStalledRequestPastTheClientsTimeout() throws Exception {
		// given
		server.stallNext(1, Duration.ofSeconds(2));
		String body = body(SMALL, List.of("text"));

		// when
		HttpRequest stalled = HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/embeddings"))
			.timeout(Duration.ofMillis(300))
			.header("Authorization", "Bearer " + OpenAiCompatibleServer.DEFAULT_API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();

		// then
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> client.send(stalled, HttpResponse.BodyHandlers.ofString()));
		assertThat(postOpenAi(body).statusCode()).isEqualTo(200);
		assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(0, 200);
	}

	@Test
	void recordsEveryRequestInArrivalOrderWithoutItsTexts() throws Exception {
		// given
		String secret = "a confidential sentence about zebras";

		// when
		postOpenAi(body(SMALL, List.of(secret, "short")));
		post(server.openAiBaseUrl() + "/embeddings", Map.of(), body(SMALL, List.of(secret)));

		// then
		List<RecordedRequest> requests = server.requests();
		assertThat(requests).hasSize(2);
		RecordedRequest first = requests.get(0);
		assertThat(first.method()).isEqualTo("POST");
		assertThat(first.path()).isEqualTo("/v1/embeddings");
		assertThat(first.query()).isNull();
		assertThat(first.header("Authorization")).isEqualTo("Bearer " + OpenAiCompatibleServer.DEFAULT_API_KEY);
		assertThat(first.headers()).containsKey("content-type");
		assertThat(first.model()).isEqualTo(SMALL);
		assertThat(first.inputs()).isEqualTo(2);
		assertThat(first.tokens())
			.isEqualTo(OpenAiCompatibleServer.tokens(secret) + OpenAiCompatibleServer.tokens("short"));
		assertThat(first.largestInputTokens()).isEqualTo(OpenAiCompatibleServer.tokens(secret));
		assertThat(first.status()).isEqualTo(200);
		assertThat(requests.get(1).status()).isEqualTo(401);
		assertThat(requests.get(1).arrivalNanos()).isGreaterThan(first.arrivalNanos());
		assertThat(requests.toString()).doesNotContain("zebras");
	}

	@Test
	void answersRequestsConcurrently() throws Exception {
		// given
		server.latency(Duration.ofMillis(200), Duration.ofMillis(20));
		String body = body(SMALL, List.of("text"));

		// when
		long start = System.nanoTime();
		List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 8)
			.mapToObj((i) -> client.sendAsync(openAiRequest(body), HttpResponse.BodyHandlers.ofString()))
			.collect(Collectors.toList());
		CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

		// then
		assertThat(responses).allSatisfy((response) -> assertThat(response.join().statusCode()).isEqualTo(200));
		assertThat(server.peakConcurrency()).isGreaterThan(1);
		assertThat(elapsed).isLessThan(Duration.ofMillis(8 * 200));
	}

	@Test
	void closesPromptlyWhileARequestIsStalled() throws Exception {
		// given
		OpenAiCompatibleServer stalling = OpenAiCompatibleServer.start().stallNext(1, Duration.ofSeconds(30));
		HttpRequest request = HttpRequest.newBuilder(URI.create(stalling.openAiBaseUrl() + "/embeddings"))
			.header("Authorization", "Bearer " + OpenAiCompatibleServer.DEFAULT_API_KEY)
			.POST(HttpRequest.BodyPublishers.ofString(body(SMALL, List.of("text"))))
			.build();
		CompletableFuture<HttpResponse<String>> response = client.sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		while (stalling.requests().isEmpty()) {
			Thread.sleep(10);
		}

		// when
		long start = System.nanoTime();
		stalling.close();

		// then
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThatExceptionOfType(Exception.class).isThrownBy(response::join);
	}

	private static void assertBadRequest(HttpResponse<String> response, String type, String message)
			throws IOException {
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode error = JSON.readTree(response.body()).path("error");
		assertThat(error.path("type").asText()).isEqualTo(type);
		assertThat(error.path("message").asText()).contains(message);
		assertThat(error.has("param")).isTrue();
		assertThat(error.has("code")).isTrue();
	}

	private static List<Integer> statuses(int requests, String body) throws Exception {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			statuses.add(postOpenAi(body).statusCode());
		}
		return statuses;
	}

	private static HttpResponse<String> postOpenAi(String body) throws IOException, InterruptedException {
		return client.send(openAiRequest(body), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest openAiRequest(String body) {
		return HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/embeddings"))
			.header("Authorization", "Bearer " + OpenAiCompatibleServer.DEFAULT_API_KEY)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static HttpResponse<String> post(String url, Map<String, String> headers, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		headers.forEach(request::header);
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String body(String model, List<String> input) throws JsonProcessingException {
		return body(Map.of("model", model, "input", input));
	}

	private static String body(Map<String, ?> fields) throws JsonProcessingException {
		return JSON.writeValueAsString(fields);
	}

	/**
	 * Return a text of exactly this many cl100k_base tokens.
	 */
	private static String words(int tokens) {
		return String.join(" ", Collections.nCopies(tokens, "hello"));
	}

	private static float[] floats(JsonNode array) {
		float[] vector = new float[array.size()];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = Float.parseFloat(array.get(i).asText());
		}
		return vector;
	}

	private static double norm(float[] vector) {
		double sum = 0;
		for (float component : vector) {
			sum += component * component;
		}
		return Math.sqrt(sum);
	}

}
