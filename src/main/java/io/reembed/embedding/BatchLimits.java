package io.reembed.embedding;

/**
 * How many texts run through the model together.
 *
 * @param maxTexts most texts in one run
 * @param maxTokens most tokens in one run, padding included; a single longer text still runs alone
 */
record BatchLimits(int maxTexts, int maxTokens) {

	/**
	 * Small enough that one call of 100 texts keeps every core busy and a run of 512-token texts stays within tens of
	 * megabytes of attention scores.
	 */
	static final BatchLimits PADDED = new BatchLimits(16, 2048);

	/**
	 * For models quantized on the fly: they scale each run's activations by its largest value, so a text's vector
	 * would depend on the texts that happened to share its run.
	 */
	static final BatchLimits ONE_TEXT = new BatchLimits(1, Integer.MAX_VALUE);

}
