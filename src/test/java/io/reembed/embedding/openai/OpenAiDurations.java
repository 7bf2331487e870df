package io.reembed.embedding.openai;

import java.time.Duration;

/**
 * Formats durations as OpenAI writes them in its rate-limit headers and messages
 * ({@code "120ms"}, {@code "1.2s"}, {@code "6m0s"}), rounded up to the millisecond so a client
 * that waits that long is never early.
 */
final class OpenAiDurations {

	private OpenAiDurations() {
	}

	static String format(Duration duration) {
		long millis = ceilMillis(duration);
		if (millis <= 0) {
			return "0s";
		}
		if (millis < 1000) {
			return millis + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = (millis / 60_000) % 60;
		long seconds = (millis / 1000) % 60;
		long fraction = millis % 1000;
		StringBuilder text = new StringBuilder();
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (hours > 0 || minutes > 0) {
			text.append(minutes).append('m');
		}
		text.append(seconds);
		if (fraction > 0) {
			String digits = String.format("%03d", fraction);
			int end = digits.length();
			while (digits.charAt(end - 1) == '0') {
				end--;
			}
			text.append('.').append(digits, 0, end);
		}
		return text.append('s').toString();
	}

	static long ceilMillis(Duration duration) {
		long millis = duration.toMillis();
		return (duration.minusMillis(millis).isZero()) ? millis : millis + 1;
	}

	static long ceilSeconds(Duration duration) {
		long millis = ceilMillis(duration);
		return (millis + 999) / 1000;
	}

}
