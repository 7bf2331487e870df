package io.reembed.embedding;

/**
 * A text made ready for a model: cut to the model's token limit when it was longer.
 *
 * @param text what the model will embed
 * @param tokens its length in the model's tokens
 * @param truncated whether the original text was longer than the model accepts
 */
public record PreparedText(String text, int tokens, boolean truncated) {
}
