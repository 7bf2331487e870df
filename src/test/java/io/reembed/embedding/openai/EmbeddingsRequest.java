package io.reembed.embedding.openai;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The body of an embeddings request, read and checked as OpenAI checks it. The texts are kept
 * only for as long as the request is answered.
 *
 * @param model the {@code model} field, if present
 * @param texts the inputs as text (token inputs decoded), in order
 * @param tokens the prompt tokens of each input
 * @param dimensions the {@code dimensions} field, if present
 * @param base64 whether {@code encoding_format} asked for base64
 */
record EmbeddingsRequest(@Nullable String model, List<String> texts, int[] tokens, @Nullable Integer dimensions,
		boolean base64) {

	static final int MAX_INPUTS = 2048;

	static final int MAX_INPUT_TOKENS = 8192;

	static final int MAX_REQUEST_TOKENS = 300_000;

	private static final Set<String> PARAMETERS = Set.of("model", "input", "dimensions", "encoding_format", "user");

	private static final String API_REFERENCE = "Please check the API reference: https://platform.openai.com/docs/api-reference.";

	long totalTokens() {
		long total = 0;
		for (int count : this.tokens) {
			total += count;
		}
		return total;
	}

	int largestInputTokens() {
		int largest = 0;
		for (int count : this.tokens) {
			largest = Math.max(largest, count);
		}
		return largest;
	}

	/**
	 * Read a request body and check its form: a JSON object of known parameters whose input is a
	 * string, an array of strings, an array of tokens or an array of token arrays, with at most
	 * 2048 inputs and no empty one.
	 * @param body the request body
	 * @return the request
	 * @throws ApiError a 400 naming the problem
	 */
	static EmbeddingsRequest read(byte[] body) throws ApiError {
		JsonNode root;
		try {
			root = OpenAiJson.MAPPER.readTree(body);
		}
		catch (IOException ex) {
			root = null;
		}
		if (root == null || !root.isObject()) {
			throw ApiError.invalidRequest("We could not parse the JSON body of your request. (HINT: This likely means"
					+ " you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what"
					+ " was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact"
					+ " us through our help center at help.openai.com.)", null, null);
		}
		for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!PARAMETERS.contains(name)) {
				throw ApiError.invalidRequest("Unrecognized request argument supplied: " + name, null, null);
			}
		}
		String model = optionalString(root, "model");
		optionalString(root, "user");
		JsonNode input = root.get("input");
		if (input == null || input.isNull()) {
			throw ApiError.invalidRequest("Missing required parameter: 'input'.", "input", "missing_required_parameter");
		}
		List<String> texts = new ArrayList<>();
		List<int[]> tokenInputs = new ArrayList<>();
		readInput(input, texts, tokenInputs);
		boolean base64 = readEncodingFormat(root.get("encoding_format"));
		Integer dimensions = readDimensions(root.get("dimensions"));
		int[] tokens = new int[texts.size() + tokenInputs.size()];
		List<String> all = new ArrayList<>(tokens.length);
		if (tokenInputs.isEmpty()) {
			for (int i = 0; i < texts.size(); i++) {
				tokens[i] = Tokens.count(texts.get(i));
				all.add(texts.get(i));
			}
		}
		else {
			for (int i = 0; i < tokenInputs.size(); i++) {
				tokens[i] = tokenInputs.get(i).length;
				try {
					all.add(Tokens.decode(tokenInputs.get(i)));
				}
				catch (IllegalArgumentException ex) {
					throw invalidInput("input[" + i + "] holds a token that is not a cl100k_base token");
				}
			}
		}
		return new EmbeddingsRequest(model, all, tokens, dimensions, base64);
	}

	/**
	 * Check the request against the model that serves it: {@code dimensions} only for models that
	 * take it and within their size, at most 8192 tokens per input and 300,000 per request.
	 * @param served the model
	 * @throws ApiError a 400 naming the problem
	 */
	void check(ServedModel served) throws ApiError {
		if (this.dimensions != null) {
			if (!served.shortenable()) {
				throw ApiError.invalidRequest("This model does not support specifying dimensions.", null, null);
			}
			if (this.dimensions < 1) {
				throw ApiError.invalidRequest("Invalid 'dimensions': integer below minimum value. Expected a value >= 1,"
						+ " but got " + this.dimensions + " instead.", "dimensions", "integer_below_min_value");
			}
			if (this.dimensions > served.dimensions()) {
				throw ApiError.invalidRequest("Invalid 'dimensions': integer above maximum value. Expected a value <= "
						+ served.dimensions() + ", but got " + this.dimensions + " instead.", "dimensions",
						"integer_above_max_value");
			}
		}
		for (int count : this.tokens) {
			if (count > MAX_INPUT_TOKENS) {
				throw ApiError.invalidRequest("This model's maximum context length is " + MAX_INPUT_TOKENS
						+ " tokens, however you requested " + count + " tokens (" + count
						+ " in your prompt; 0 for the completion). Please reduce your prompt; or completion length.",
						null, null);
			}
		}
		long total = totalTokens();
		if (total > MAX_REQUEST_TOKENS) {
			throw ApiError.openAi(400, "Requested " + total + " tokens, max " + MAX_REQUEST_TOKENS
					+ " tokens per request", "max_tokens_per_request", null, "max_tokens_per_request");
		}
	}

	int dimensionsOf(ServedModel served) {
		return (this.dimensions != null) ? this.dimensions : served.dimensions();
	}

	private static void readInput(JsonNode input, List<String> texts, List<int[]> tokenInputs) throws ApiError {
		if (input.isTextual()) {
			addText(input.textValue(), 0, texts);
			return;
		}
		if (!input.isArray() || input.isEmpty()) {
			throw invalidInput("expected a non-empty string, an array of strings, an array of tokens or an array of"
					+ " token arrays");
		}
		JsonNode first = input.get(0);
		if (!first.isIntegralNumber() && input.size() > MAX_INPUTS) {
			throw invalidInput("array length must be " + MAX_INPUTS + " or less, but it is " + input.size());
		}
		if (first.isTextual()) {
			for (int i = 0; i < input.size(); i++) {
				JsonNode item = input.get(i);
				if (!item.isTextual()) {
					throw invalidInput("input[" + i + "] is not a string");
				}
				addText(item.textValue(), i, texts);
			}
		}
		else if (first.isIntegralNumber()) {
			tokenInputs.add(readTokens(input, 0));
		}
		else if (first.isArray()) {
			for (int i = 0; i < input.size(); i++) {
				JsonNode item = input.get(i);
				if (!item.isArray()) {
					throw invalidInput("input[" + i + "] is not an array of tokens");
				}
				tokenInputs.add(readTokens(item, i));
			}
		}
		else {
			throw invalidInput("expected a string, an array of strings, an array of tokens or an array of token"
					+ " arrays");
		}
	}

	private static void addText(String text, int index, List<String> texts) throws ApiError {
		if (text.isEmpty()) {
			throw invalidInput("input[" + index + "] is an empty string");
		}
		texts.add(text);
	}

	private static int[] readTokens(JsonNode array, int index) throws ApiError {
		if (array.isEmpty()) {
			throw invalidInput("input[" + index + "] is an empty array of tokens");
		}
		int[] tokens = new int[array.size()];
		for (int i = 0; i < tokens.length; i++) {
			JsonNode token = array.get(i);
			if (!token.isIntegralNumber() || !token.canConvertToInt() || token.intValue() < 0) {
				throw invalidInput("input[" + index + "] holds something that is not a token");
			}
			tokens[i] = token.intValue();
		}
		return tokens;
	}

	private static boolean readEncodingFormat(@Nullable JsonNode format) throws ApiError {
		if (format == null || format.isNull()) {
			return false;
		}
		if (format.isTextual() && format.textValue().equals("float")) {
			return false;
		}
		if (format.isTextual() && format.textValue().equals("base64")) {
			return true;
		}
		throw ApiError.invalidRequest("Invalid value for 'encoding_format': expected one of 'float' or 'base64', but"
				+ " got " + format + " instead.", "encoding_format", "invalid_value");
	}

	private static @Nullable Integer readDimensions(@Nullable JsonNode dimensions) throws ApiError {
		if (dimensions == null || dimensions.isNull()) {
			return null;
		}
		if (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt()) {
			throw ApiError.invalidRequest("Invalid type for 'dimensions': expected an integer, but got "
					+ dimensions.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.", "dimensions",
					"invalid_type");
		}
		return dimensions.intValue();
	}

	private static @Nullable String optionalString(JsonNode root, String name) throws ApiError {
		JsonNode value = root.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isTextual()) {
			throw ApiError.invalidRequest("Invalid type for '" + name + "': expected a string, but got "
					+ value.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.", name,
					"invalid_type");
		}
		return value.textValue();
	}

	private static ApiError invalidInput(String problem) {
		return ApiError.invalidRequest("'$.input' is invalid: " + problem + ". " + API_REFERENCE, null, null);
	}

}
