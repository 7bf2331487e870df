package io.reembed.embedding;

/**
 * Texts of one call that run through the model together.
 *
 * @param indices positions of the texts in the call, shortest first
 * @param length tokens of the longest, which every text of the batch is padded to
 */
record MicroBatch(int[] indices, int length) {
}
