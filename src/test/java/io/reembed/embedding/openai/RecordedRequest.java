package io.reembed.embedding.openai;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What {@link OpenAiCompatibleServer} saw of one request and how it answered, so tests can
 * check the wire form and the batching of a client. The input texts themselves are never kept.
 *
 * @param method the HTTP method
 * @param path the request path, decoded
 * @param query the raw query string, if the request had one
 * @param headers the request headers, names lower-cased, first value of each
 * @param model the model the request was served with, or the model it named when it was
 * refused before a model was resolved
 * @param deployment the Azure deployment named by the request, if it went to an Azure form
 * @param inputs the number of inputs in the body
 * @param tokens the prompt tokens of all inputs (cl100k_base)
 * @param largestInputTokens the prompt tokens of the longest input
 * @param status the status answered, or {@code 0} while the request is still being answered
 * @param arrivalNanos {@link System#nanoTime()} when the request arrived
 */
public record RecordedRequest(String method, String path, @Nullable String query, Map<String, String> headers,
		@Nullable String model, @Nullable String deployment, int inputs, long tokens, int largestInputTokens,
		int status, long arrivalNanos) {

	/**
	 * Return the value of a request header.
	 * @param name the header name, in any case
	 * @return the first value, or {@code null} when the request did not carry the header
	 */
	public @Nullable String header(String name) {
		return this.headers.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Return whether the request has been answered.
	 * @return {@code true} once a status was sent
	 */
	public boolean answered() {
		return this.status != 0;
	}

}
