package io.reembed.store.lucene;

import java.util.Random;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimdDotProductScorerTests {

	@Test
	void scoresAsLuceneDoesForEveryLength() {
		// given
		Random random = new Random(11);
		for (int dimensions = 1; dimensions <= 70; dimensions++) {
			float[] a = VectorUtil.l2normalize(randomVector(random, dimensions));
			float[] b = VectorUtil.l2normalize(randomVector(random, dimensions));

			// when
			float score = SimdDotProductScorer.score(a, b);

			// then
			assertThat(score).as("%d dimensions", dimensions)
				.isCloseTo(VectorSimilarityFunction.DOT_PRODUCT.compare(a, b), within(1e-5f));
		}
	}

	@Test
	void theTestJvmBuildsGraphsWithIt() {
		assertThat(VectorScorers.best()).isInstanceOf(SimdDotProductScorer.class);
	}

	private static float[] randomVector(Random random, int dimensions) {
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return vector;
	}

}
