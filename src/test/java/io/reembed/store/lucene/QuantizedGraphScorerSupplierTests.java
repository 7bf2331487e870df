package io.reembed.store.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QuantizedGraphScorerSupplierTests {

	private static final VectorSimilarityFunction DOT_PRODUCT = VectorSimilarityFunction.DOT_PRODUCT;

	@Test
	void heapVectorsOfASegmentBeingWrittenGetIt() throws IOException {
		// given
		RandomAccessVectorValues.Floats buffered = RandomAccessVectorValues.fromFloats(new ArrayList<>(), 8);

		// when
		RandomVectorScorerSupplier supplier = new SimdDotProductScorer().getRandomVectorScorerSupplier(DOT_PRODUCT,
				buffered);

		// then
		assertThat(supplier).isInstanceOf(QuantizedGraphScorerSupplier.class);
	}

	@Test
	void dotProductOfCodesIsExactForEveryLengthAndOffset() {
		// given
		Random random = new Random(21);
		byte[] a = new byte[100];
		byte[] b = new byte[100];
		random.nextBytes(a);
		random.nextBytes(b);
		for (int length = 0; length <= 70; length++) {
			for (int offset : new int[] { 0, 3, 29 }) {
				int expected = 0;
				for (int i = 0; i < length; i++) {
					expected += a[offset + i] * b[29 - offset + i];
				}

				// when
				int dotProduct = QuantizedGraphScorerSupplier.dotProduct(a, offset, b, 29 - offset, length);

				// then
				assertThat(dotProduct).as("length %d, offset %d", length, offset).isEqualTo(expected);
			}
		}
	}

	@ParameterizedTest
	@CsvSource({ "384, 2500", "1536, 300" })
	void scoresAsLuceneDoesToWithinTheCodesPrecision(int dimensions, int count) throws IOException {
		// given
		Random random = new Random(dimensions);
		List<float[]> stored = new ArrayList<>();
		RandomVectorScorerSupplier supplier = new QuantizedGraphScorerSupplier(
				RandomAccessVectorValues.fromFloats(stored, dimensions));
		for (int i = 0; i < count; i++) {
			// Added after the supplier was made, as documents are added to a segment; several pages of codes.
			stored.add(unitVector(random, dimensions));
		}

		// when
		RandomVectorScorer first = supplier.scorer(0);
		RandomVectorScorer last = supplier.scorer(count - 1);

		// then
		for (int node = 0; node < count; node++) {
			assertThat(first.score(node)).as("node 0 with node %d", node)
				.isCloseTo(DOT_PRODUCT.compare(stored.get(0), stored.get(node)), within(1e-3f));
			assertThat(last.score(node)).as("last node with node %d", node)
				.isCloseTo(DOT_PRODUCT.compare(stored.get(count - 1), stored.get(node)), within(1e-3f));
		}
	}

	@Test
	void aGraphBuiltWithCodesFindsTheNearestNeighboursAsOneBuiltWithFloatsDoes() throws IOException {
		// given: clustered unit vectors, as embeddings of texts about a few subjects are
		Random random = new Random(23);
		List<float[]> centroids = IntStream.range(0, 40).mapToObj((i) -> unitVector(random, 384)).toList();
		List<float[]> stored = new ArrayList<>();
		for (int i = 0; i < 6_000; i++) {
			stored.add(near(centroids.get(random.nextInt(centroids.size())), random));
		}
		List<float[]> queries = IntStream.range(0, 200)
			.mapToObj((i) -> near(centroids.get(random.nextInt(centroids.size())), random))
			.toList();
		RandomAccessVectorValues.Floats vectors = RandomAccessVectorValues.fromFloats(stored, 384);

		// when
		HnswGraph quantized = HnswGraphBuilder.create(new QuantizedGraphScorerSupplier(vectors), 16, 100, 42)
			.build(stored.size());
		HnswGraph exact = HnswGraphBuilder
			.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(DOT_PRODUCT, vectors), 16, 100, 42)
			.build(stored.size());

		// then
		double quantizedRecall = recallAt10(quantized, vectors, stored, queries);
		double exactRecall = recallAt10(exact, vectors, stored, queries);
		assertThat(exactRecall).isGreaterThan(0.5);
		assertThat(quantizedRecall).isGreaterThanOrEqualTo(exactRecall - 0.02);
	}

	private static double recallAt10(HnswGraph graph, RandomAccessVectorValues.Floats vectors, List<float[]> stored,
			List<float[]> queries) throws IOException {
		int found = 0;
		for (float[] query : queries) {
			TopKnnCollector collector = new TopKnnCollector(10, Integer.MAX_VALUE);
			HnswGraphSearcher.search(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorer(DOT_PRODUCT, vectors, query),
					collector, graph, null);
			float[] scores = new float[stored.size()];
			for (int node = 0; node < scores.length; node++) {
				scores[node] = DOT_PRODUCT.compare(query, stored.get(node));
			}
			Set<Integer> nearest = new HashSet<>(IntStream.range(0, stored.size())
				.boxed()
				.sorted(Comparator.comparingDouble((Integer node) -> -scores[node]))
				.limit(10)
				.toList());
			for (ScoreDoc hit : collector.topDocs().scoreDocs) {
				if (nearest.contains(hit.doc)) {
					found++;
				}
			}
		}
		return found / (10.0 * queries.size());
	}

	private static float[] near(float[] centroid, Random random) {
		float[] vector = new float[centroid.length];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = centroid[i] + (float) random.nextGaussian() * 0.06f;
		}
		return VectorUtil.l2normalize(vector);
	}

	private static float[] unitVector(Random random, int dimensions) {
		float[] vector = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return VectorUtil.l2normalize(vector);
	}

}
