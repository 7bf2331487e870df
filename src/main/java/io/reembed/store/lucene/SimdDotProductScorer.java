package io.reembed.store.lucene;

import java.io.IOException;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Dot products of float vectors with the JDK's vector API, for the unit vectors this store indexes; every other
 * combination is left to Lucene's scorer.
 * <p>
 * Lucene 9.12 uses the vector API only on Java 21 to 23; on Java 17 its dot product is scalar, and comparisons take
 * most of the time spent building HNSW graphs. The graph of a segment being written is built comparing 8-bit copies
 * of its vectors ({@link QuantizedGraphScorerSupplier}); merges and searches compare the floats. Loaded by
 * {@link VectorScorers} only when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class SimdDotProductScorer implements FlatVectorsScorer {

	private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

	@Override
	public RandomVectorScorerSupplier getRandomVectorScorerSupplier(VectorSimilarityFunction similarity,
			RandomAccessVectorValues vectors) throws IOException {
		if (similarity != VectorSimilarityFunction.DOT_PRODUCT
				|| !(vectors instanceof RandomAccessVectorValues.Floats floats)) {
			return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(similarity, vectors);
		}
		RandomAccessVectorValues.Floats queries = floats.copy();
		if (queries == floats) {
			// Only the buffer of a segment being written is its own copy: its vectors are arrays on the heap.
			return new QuantizedGraphScorerSupplier(floats);
		}
		return new ScorerSupplier(floats, queries);
	}

	@Override
	public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
			RandomAccessVectorValues vectors, float[] target) throws IOException {
		if (similarity != VectorSimilarityFunction.DOT_PRODUCT
				|| !(vectors instanceof RandomAccessVectorValues.Floats floats)) {
			return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, vectors, target);
		}
		return new Scorer(floats, target);
	}

	@Override
	public RandomVectorScorer getRandomVectorScorer(VectorSimilarityFunction similarity,
			RandomAccessVectorValues vectors, byte[] target) throws IOException {
		return DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(similarity, vectors, target);
	}

	@Override
	public String toString() {
		return "SimdDotProductScorer(" + SPECIES + ")";
	}

	/** Lucene's score for a dot product of unit vectors, kept non-negative: {@code (1 + a·b) / 2}. */
	static float score(float[] a, float[] b) {
		return Math.max((1 + dotProduct(a, b)) / 2, 0);
	}

	static float dotProduct(float[] a, float[] b) {
		int length = SPECIES.length();
		int bound = SPECIES.loopBound(a.length);
		FloatVector even = FloatVector.zero(SPECIES);
		FloatVector odd = FloatVector.zero(SPECIES);
		int i = 0;
		// Two accumulators, so that each fused multiply-add need not wait for the previous one.
		for (; i + length < bound; i += 2 * length) {
			even = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), even);
			odd = FloatVector.fromArray(SPECIES, a, i + length)
				.fma(FloatVector.fromArray(SPECIES, b, i + length), odd);
		}
		for (; i < bound; i += length) {
			even = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), even);
		}
		float sum = even.add(odd).reduceLanes(VectorOperators.ADD);
		for (; i < a.length; i++) {
			sum = Math.fma(a[i], b[i], sum);
		}
		return sum;
	}

	private static final class Scorer extends RandomVectorScorer.AbstractRandomVectorScorer {

		private final RandomAccessVectorValues.Floats vectors;

		private final float[] query;

		Scorer(RandomAccessVectorValues.Floats vectors, float[] query) {
			super(vectors);
			this.vectors = vectors;
			this.query = query;
		}

		@Override
		public float score(int node) throws IOException {
			return SimdDotProductScorer.score(this.query, this.vectors.vectorValue(node));
		}

	}

	/**
	 * Scorers for merging graphs, over vectors read from segment files: every read goes through a buffer of the
	 * copy's that the next read reuses, so each query is copied.
	 */
	private static final class ScorerSupplier implements RandomVectorScorerSupplier {

		private final RandomAccessVectorValues.Floats vectors;

		private final RandomAccessVectorValues.Floats queries;

		ScorerSupplier(RandomAccessVectorValues.Floats vectors, RandomAccessVectorValues.Floats queries) {
			this.vectors = vectors;
			this.queries = queries;
		}

		@Override
		public RandomVectorScorer scorer(int ord) throws IOException {
			return new Scorer(this.vectors, this.queries.vectorValue(ord).clone());
		}

		@Override
		public RandomVectorScorerSupplier copy() throws IOException {
			RandomAccessVectorValues.Floats copy = this.vectors.copy();
			return new ScorerSupplier(copy, copy.copy());
		}

	}

}
