package io.reembed.embedding;

/**
 * How many texts run through the model together.
 *
 * @param maxTexts most texts in one run
 * @param maxTokens most tokens in one run, padding included; a single longer text still runs alone
 */
record BatchLimits(int maxTexts, int maxTokens) {

	/**
	 * Measured on two cores: runs of 4 to 16 texts embed equally fast, larger ones slower as their activations outgrow
	 * the caches. Small runs also spread one call over every core and keep 512-token runs' memory small.
	 */
	static final BatchLimits PADDED = new BatchLimits(8, 1024);

	/**
	 * For models quantized on the fly: they scale each run's activations by its largest value, so a text's vector
	 * would depend on the texts that happened to share its run.
	 */
	static final BatchLimits ONE_TEXT = new BatchLimits(1, Integer.MAX_VALUE);

}
