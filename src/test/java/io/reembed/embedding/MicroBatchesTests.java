package io.reembed.embedding;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicroBatchesTests {

	@Test
	void groupsTextsOfSimilarLengthShortestFirstAndPadsToTheLongest() {
		// given
		int[] lengths = { 30, 5, 12, 7, 30, 9 };

		// when
		List<MicroBatch> batches = MicroBatches.plan(lengths, new BatchLimits(2, 1000));

		// then
		assertThat(batches).hasSize(3);
		assertThat(batches.get(0).indices()).containsExactly(1, 3);
		assertThat(batches.get(0).length()).isEqualTo(7);
		assertThat(batches.get(1).indices()).containsExactly(5, 2);
		assertThat(batches.get(1).length()).isEqualTo(12);
		assertThat(batches.get(2).indices()).containsExactly(0, 4);
		assertThat(batches.get(2).length()).isEqualTo(30);
	}

	@Test
	void keepsPaddedTokensWithinTheLimitAndRunsALongerTextAlone() {
		// given
		int[] lengths = { 100, 100, 100, 600, 40, 40, 40 };

		// when
		List<MicroBatch> batches = MicroBatches.plan(lengths, new BatchLimits(16, 256));

		// then
		assertThat(batches).allSatisfy((batch) -> assertThat(batch.indices().length == 1
				|| batch.indices().length * batch.length() <= 256).isTrue());
		assertThat(batches.get(batches.size() - 1).indices()).containsExactly(3);
		assertThat(batches.stream().flatMapToInt((batch) -> Arrays.stream(batch.indices())).sorted().toArray())
			.containsExactly(IntStream.range(0, lengths.length).toArray());
	}

	@Test
	void runsEveryTextAloneWhenTheLimitIsOneText() {
		// when
		List<MicroBatch> batches = MicroBatches.plan(new int[] { 8, 3, 5 }, BatchLimits.ONE_TEXT);

		// then
		assertThat(batches).extracting((batch) -> batch.indices()[0]).containsExactly(1, 2, 0);
		assertThat(batches).allSatisfy((batch) -> assertThat(batch.indices()).hasSize(1));
	}

}
