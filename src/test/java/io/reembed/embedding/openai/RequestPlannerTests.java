package io.reembed.embedding.openai;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPlannerTests {

	@Test
	void sendsAChunkWithinTheLimitsAsOneRequest() {
		// given
		int[] tokens = new int[100];
		Arrays.fill(tokens, 50);

		// when
		List<RequestPlanner.Range> ranges = RequestPlanner.plan(tokens, 2048, 300_000);

		// then
		assertThat(ranges).containsExactly(new RequestPlanner.Range(0, 100, 5000));
	}

	@Test
	void splitsAtTheInputLimitInOrder() {
		// given
		int[] tokens = new int[5000];
		Arrays.fill(tokens, 1);

		// when
		List<RequestPlanner.Range> ranges = RequestPlanner.plan(tokens, 2048, 300_000);

		// then
		assertThat(ranges).containsExactly(new RequestPlanner.Range(0, 2048, 2048),
				new RequestPlanner.Range(2048, 4096, 2048), new RequestPlanner.Range(4096, 5000, 904));
	}

	@Test
	void splitsAtTheTokenLimitWithoutExceedingIt() {
		// given: 60 inputs of 8,000 tokens, 37 fit in 300,000
		int[] tokens = new int[60];
		Arrays.fill(tokens, 8000);

		// when
		List<RequestPlanner.Range> ranges = RequestPlanner.plan(tokens, 2048, 300_000);

		// then
		assertThat(ranges).containsExactly(new RequestPlanner.Range(0, 37, 296_000),
				new RequestPlanner.Range(37, 60, 184_000));
		assertThat(ranges).allSatisfy((range) -> assertThat(range.tokens()).isLessThanOrEqualTo(300_000));
	}

}
