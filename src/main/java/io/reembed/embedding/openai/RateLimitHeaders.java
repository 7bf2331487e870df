package io.reembed.embedding.openai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import com.openai.core.http.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads the rate-limit headers OpenAI and Azure OpenAI send.
 */
final class RateLimitHeaders {

	private static final String LIMIT_TOKENS = "x-ratelimit-limit-tokens";

	private static final String LIMIT_REQUESTS = "x-ratelimit-limit-requests";

	private static final String REMAINING_TOKENS = "x-ratelimit-remaining-tokens";

	private static final String REMAINING_REQUESTS = "x-ratelimit-remaining-requests";

	private RateLimitHeaders() {
	}

	/**
	 * How long a 429 asks to wait: {@code retry-after-ms} when sent, else {@code retry-after} in seconds or as an
	 * HTTP date.
	 */
	static Optional<Duration> retryAfter(Headers headers) {
		String millis = first(headers, "retry-after-ms");
		if (millis != null) {
			try {
				return Optional.of(Duration.ofNanos((long) (Double.parseDouble(millis) * 1_000_000)));
			}
			catch (NumberFormatException ex) {
				// fall back to retry-after
			}
		}
		String after = first(headers, "retry-after");
		if (after == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Duration.ofMillis((long) (Double.parseDouble(after) * 1000)));
		}
		catch (NumberFormatException ex) {
			try {
				ZonedDateTime at = ZonedDateTime.parse(after, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
				return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
			}
			catch (DateTimeParseException unreadable) {
				return Optional.empty();
			}
		}
	}

	/** The quota and what remains of it, as far as the answer reports them. */
	static RateController.RateLimits limits(Headers headers) {
		return new RateController.RateLimits(number(headers, LIMIT_TOKENS), number(headers, LIMIT_REQUESTS),
				number(headers, REMAINING_TOKENS), number(headers, REMAINING_REQUESTS));
	}

	/** A whole-number header, such as a limit; null when absent or unreadable. */
	private static @Nullable Long number(Headers headers, String name) {
		String value = first(headers, name);
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable String first(Headers headers, String name) {
		List<String> values = headers.values(name);
		return values.isEmpty() ? null : values.get(0);
	}

}
