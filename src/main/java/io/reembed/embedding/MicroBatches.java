package io.reembed.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the texts of one call into runs of similar length, so padding to a run's longest text costs little.
 */
final class MicroBatches {

	private MicroBatches() {
	}

	/**
	 * @param lengths tokens of each text, special tokens included
	 * @return batches covering every text once, shortest texts first
	 */
	static List<MicroBatch> plan(int[] lengths, BatchLimits limits) {
		long[] byLength = new long[lengths.length];
		for (int i = 0; i < lengths.length; i++) {
			byLength[i] = ((long) lengths[i] << 32) | i;
		}
		Arrays.sort(byLength);
		List<MicroBatch> batches = new ArrayList<>();
		int[] current = new int[Math.min(limits.maxTexts(), lengths.length)];
		int count = 0;
		for (long entry : byLength) {
			int index = (int) entry;
			// Sorted ascending, so the newcomer is the longest and sets the padded length.
			boolean full = count == limits.maxTexts() || (long) (count + 1) * lengths[index] > limits.maxTokens();
			if (count > 0 && full) {
				batches.add(batch(current, count, lengths));
				count = 0;
			}
			current[count++] = index;
		}
		if (count > 0) {
			batches.add(batch(current, count, lengths));
		}
		return batches;
	}

	private static MicroBatch batch(int[] current, int count, int[] lengths) {
		int[] indices = Arrays.copyOf(current, count);
		return new MicroBatch(indices, lengths[indices[count - 1]]);
	}

}
