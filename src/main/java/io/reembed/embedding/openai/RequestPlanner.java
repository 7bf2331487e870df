package io.reembed.embedding.openai;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the texts of one call into as few requests as the provider's limits allow, keeping their order.
 */
final class RequestPlanner {

	/** Most inputs OpenAI takes in one embeddings request. */
	static final int MAX_INPUTS = 2048;

	/** Most tokens, all inputs together, OpenAI takes in one embeddings request. */
	static final int MAX_REQUEST_TOKENS = 300_000;

	private RequestPlanner() {
	}

	/**
	 * @param tokens tokens of each text; a text over {@code maxRequestTokens} is sent alone
	 * @return consecutive ranges covering every text once, in order
	 */
	static List<Range> plan(int[] tokens, int maxInputs, int maxRequestTokens) {
		List<Range> ranges = new ArrayList<>();
		int start = 0;
		long sum = 0;
		for (int i = 0; i < tokens.length; i++) {
			boolean full = (i - start == maxInputs) || (sum + tokens[i] > maxRequestTokens);
			if (i > start && full) {
				ranges.add(new Range(start, i, sum));
				start = i;
				sum = 0;
			}
			sum += tokens[i];
		}
		if (start < tokens.length) {
			ranges.add(new Range(start, tokens.length, sum));
		}
		return ranges;
	}

	/**
	 * Texts of one request.
	 *
	 * @param from first text, inclusive
	 * @param to last text, exclusive
	 * @param tokens tokens of all its texts
	 */
	record Range(int from, int to, long tokens) {

		int size() {
			return this.to - this.from;
		}

	}

}
