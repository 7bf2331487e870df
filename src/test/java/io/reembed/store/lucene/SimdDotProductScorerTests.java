package io.reembed.store.lucene;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
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

	@Test
	void graphScorersKeepTheirQueryWhenVectorsAreReadThroughAReusedBuffer() throws IOException {
		// given
		Random random = new Random(12);
		List<float[]> stored = List.of(VectorUtil.l2normalize(randomVector(random, 48)),
				VectorUtil.l2normalize(randomVector(random, 48)));
		RandomVectorScorerSupplier supplier = new SimdDotProductScorer()
			.getRandomVectorScorerSupplier(VectorSimilarityFunction.DOT_PRODUCT, new BufferedVectors(stored));

		// when
		float first = supplier.scorer(0).score(1);
		var scorerOfNodeOne = supplier.scorer(1);
		var scorerOfNodeZero = supplier.scorer(0);

		// then
		assertThat(scorerOfNodeOne.score(1)).isCloseTo(1f, within(1e-5f));
		assertThat(scorerOfNodeZero.score(0)).isCloseTo(1f, within(1e-5f));
		assertThat(scorerOfNodeOne.score(0)).isEqualTo(first);
	}

	@Test
	void graphScorersOfHeapVectorsScoreAsLuceneDoesToWithinTheirCodesPrecision() throws IOException {
		// given
		Random random = new Random(13);
		List<float[]> stored = List.of(VectorUtil.l2normalize(randomVector(random, 384)),
				VectorUtil.l2normalize(randomVector(random, 384)), VectorUtil.l2normalize(randomVector(random, 384)));
		RandomAccessVectorValues.Floats vectors = RandomAccessVectorValues.fromFloats(stored, 384);
		RandomVectorScorerSupplier supplier = new SimdDotProductScorer()
			.getRandomVectorScorerSupplier(VectorSimilarityFunction.DOT_PRODUCT, vectors);

		// when
		var scorers = List.of(supplier.scorer(0), supplier.scorer(1), supplier.scorer(2));

		// then
		for (int query = 0; query < 3; query++) {
			for (int node = 0; node < 3; node++) {
				assertThat(scorers.get(query).score(node)).as("query %d, node %d", query, node)
					.isCloseTo(VectorSimilarityFunction.DOT_PRODUCT.compare(stored.get(query), stored.get(node)),
							within(1e-3f));
			}
		}
	}

	private static float[] randomVector(Random random, int dimensions) {
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return vector;
	}

	/** Vectors read as from a file: every read fills the same array, and every copy has an array of its own. */
	private static final class BufferedVectors implements RandomAccessVectorValues.Floats {

		private final List<float[]> stored;

		private final float[] buffer;

		BufferedVectors(List<float[]> stored) {
			this.stored = stored;
			this.buffer = new float[stored.get(0).length];
		}

		@Override
		public float[] vectorValue(int ord) {
			System.arraycopy(this.stored.get(ord), 0, this.buffer, 0, this.buffer.length);
			return this.buffer;
		}

		@Override
		public int size() {
			return this.stored.size();
		}

		@Override
		public int dimension() {
			return this.buffer.length;
		}

		@Override
		public BufferedVectors copy() {
			return new BufferedVectors(this.stored);
		}

	}

}
