package io.reembed.store.lucene;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;

/**
 * Scorers for building the HNSW graph of a segment being written, which compare 8-bit copies of its unit vectors.
 * <p>
 * Inserting a node into a graph compares its vector with thousands of others read at random, and a float vector of
 * 384 dimensions spans 24 cache lines: most of those reads wait for memory. A copy of one byte a dimension is a
 * quarter of that. Each vector is scaled by its own largest component, so that component becomes ±127, and its
 * scale is kept beside its codes, in the same cache lines. The copies only choose the graph's neighbours: the
 * segment stores the float vectors, and searches score with them.
 * <p>
 * The vectors are the segment's buffer on the heap, which grows as documents are added; each is copied the first
 * time it is scored. Like the graph builder it serves, an instance is for one thread. The copies are not in the
 * index writer's account of its buffer, which they enlarge by a quarter.
 */
final class QuantizedGraphScorerSupplier implements RandomVectorScorerSupplier {

	private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.length() >= 16
			? IntVector.SPECIES_512 : IntVector.SPECIES_256;

	/** As many bytes as {@link #INTS} has lanes, each widened to one of them. */
	private static final VectorSpecies<Byte> BYTES = INTS.length() == 16 ? ByteVector.SPECIES_128
			: ByteVector.SPECIES_64;

	private static final VarHandle FLOAT_IN_BYTES = MethodHandles.byteArrayViewVarHandle(float[].class,
			ByteOrder.nativeOrder());

	private static final float LARGEST_CODE = 127;

	/**
	 * Most bytes a page of codes holds: below half of G1's smallest region, so a page is never a humongous object,
	 * and in pages a growing buffer never copies what it already holds.
	 */
	private static final int PAGE_BYTES = 256 * 1024;

	private final RandomAccessVectorValues.Floats vectors;

	private final int dimensions;

	/** The codes of one vector, then its scale. */
	private final int rowBytes;

	/** log2 of the rows a page holds, a power of two so that finding a row takes no division. */
	private final int pageShift;

	private final int rowInPageMask;

	private byte[][] pages = new byte[0][];

	private int quantized;

	QuantizedGraphScorerSupplier(RandomAccessVectorValues.Floats vectors) {
		this.vectors = vectors;
		this.dimensions = vectors.dimension();
		this.rowBytes = this.dimensions + Float.BYTES;
		this.pageShift = Integer.numberOfTrailingZeros(Integer.highestOneBit(Math.max(1, PAGE_BYTES / this.rowBytes)));
		this.rowInPageMask = (1 << this.pageShift) - 1;
	}

	@Override
	public RandomVectorScorer scorer(int ord) throws IOException {
		quantizeThrough(ord);
		return new CodeScorer(this, ord);
	}

	@Override
	public RandomVectorScorerSupplier copy() throws IOException {
		return new QuantizedGraphScorerSupplier(this.vectors.copy());
	}

	static int dotProduct(byte[] a, int aOffset, byte[] b, int bOffset, int length) {
		int step = BYTES.length();
		int bound = BYTES.loopBound(length);
		IntVector sum = IntVector.zero(INTS);
		int i = 0;
		for (; i < bound; i += step) {
			IntVector left = (IntVector) ByteVector.fromArray(BYTES, a, aOffset + i)
				.convertShape(VectorOperators.B2I, INTS, 0);
			IntVector right = (IntVector) ByteVector.fromArray(BYTES, b, bOffset + i)
				.convertShape(VectorOperators.B2I, INTS, 0);
			sum = sum.add(left.mul(right));
		}
		int total = sum.reduceLanes(VectorOperators.ADD);
		for (; i < length; i++) {
			total += a[aOffset + i] * b[bOffset + i];
		}
		return total;
	}

	private byte[] page(int ord) {
		return this.pages[ord >>> this.pageShift];
	}

	private int rowOffset(int ord) {
		return (ord & this.rowInPageMask) * this.rowBytes;
	}

	private float scale(byte[] page, int rowOffset) {
		return (float) FLOAT_IN_BYTES.get(page, rowOffset + this.dimensions);
	}

	private void quantizeThrough(int ord) throws IOException {
		if (ord < this.quantized) {
			return;
		}
		int size = this.vectors.size();
		if (ord >= size) {
			throw new IllegalArgumentException("ord " + ord + " is not below the " + size + " vectors buffered");
		}
		for (; this.quantized < size; this.quantized++) {
			if ((this.quantized & this.rowInPageMask) == 0) {
				addPage(this.quantized >>> this.pageShift);
			}
			quantize(this.vectors.vectorValue(this.quantized), page(this.quantized), rowOffset(this.quantized));
		}
	}

	private void addPage(int page) {
		if (page == this.pages.length) {
			this.pages = Arrays.copyOf(this.pages, Math.max(8, page * 2));
		}
		this.pages[page] = new byte[(this.rowInPageMask + 1) * this.rowBytes];
	}

	private void quantize(float[] vector, byte[] page, int rowOffset) {
		float largest = 0;
		for (float component : vector) {
			largest = Math.max(largest, Math.abs(component));
		}
		float toCode = largest == 0 ? 0 : LARGEST_CODE / largest;
		for (int i = 0; i < this.dimensions; i++) {
			page[rowOffset + i] = (byte) Math.round(vector[i] * toCode);
		}
		FLOAT_IN_BYTES.set(page, rowOffset + this.dimensions, largest / LARGEST_CODE);
	}

	/** Scores one node's codes against the others: the query's row is found once, its vector scored thousands of times. */
	private static final class CodeScorer extends RandomVectorScorer.AbstractRandomVectorScorer {

		private final QuantizedGraphScorerSupplier codes;

		private final byte[] queryPage;

		private final int queryOffset;

		private final float queryScale;

		CodeScorer(QuantizedGraphScorerSupplier codes, int ord) {
			super(codes.vectors);
			this.codes = codes;
			this.queryPage = codes.page(ord);
			this.queryOffset = codes.rowOffset(ord);
			this.queryScale = codes.scale(this.queryPage, this.queryOffset);
		}

		/** Lucene's score for the dot product of unit vectors, kept non-negative: {@code (1 + a·b) / 2}. */
		@Override
		public float score(int node) throws IOException {
			this.codes.quantizeThrough(node);
			byte[] page = this.codes.page(node);
			int offset = this.codes.rowOffset(node);
			int dotProduct = dotProduct(this.queryPage, this.queryOffset, page, offset, this.codes.dimensions);
			return Math.max((1 + dotProduct * this.queryScale * this.codes.scale(page, offset)) / 2, 0);
		}

	}

}
