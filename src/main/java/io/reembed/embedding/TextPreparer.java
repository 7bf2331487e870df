package io.reembed.embedding;

/**
 * Makes texts ready for one model with the model's own tokenizer, without embedding them: what a plan needs to
 * count tokens, and what every provider does before it embeds.
 */
public interface TextPreparer {

	/**
	 * Cuts a text to the model's token limit with the model's own tokenizer; a text within the limit is returned
	 * unchanged.
	 */
	PreparedText prepare(String text);

}
