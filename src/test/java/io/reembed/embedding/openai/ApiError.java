package io.reembed.embedding.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An error answer, thrown where the server decides it and sent as it is. It carries no stack
 * trace: a 429 storm throws thousands of them.
 */
final class ApiError extends Exception {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final transient byte[] body;

	private final transient Map<String, String> headers = new LinkedHashMap<>();

	private ApiError(int status, String message, byte[] body) {
		super(message, null, false, false);
		this.status = status;
		this.body = body;
	}

	static ApiError openAi(int status, String message, String type, @Nullable String param, @Nullable String code) {
		return new ApiError(status, message, OpenAiJson.openAiError(message, type, param, code));
	}

	static ApiError invalidRequest(String message, @Nullable String param, @Nullable String code) {
		return openAi(400, message, "invalid_request_error", param, code);
	}

	static ApiError azure(int status, String code, String message) {
		return new ApiError(status, message, OpenAiJson.azureError(code, message));
	}

	ApiError header(String name, String value) {
		this.headers.put(name, value);
		return this;
	}

	ApiError headers(Map<String, String> headers) {
		this.headers.putAll(headers);
		return this;
	}

	int status() {
		return this.status;
	}

	byte[] body() {
		return this.body;
	}

	Map<String, String> responseHeaders() {
		return this.headers;
	}

}
