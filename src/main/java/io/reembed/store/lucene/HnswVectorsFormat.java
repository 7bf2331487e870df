package io.reembed.store.lucene;

import java.io.IOException;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.hnsw.FlatVectorsFormat;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.codecs.lucene99.Lucene99FlatVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsReader;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW vectors format with graph parameters and a vector scorer of our choosing.
 * <p>
 * It writes exactly what {@code Lucene99HnswVectorsFormat} writes and carries its name, so every reader, in this
 * process or another, reads the segments with Lucene's own format. Only the scorer used while this process builds
 * and merges graphs differs.
 */
final class HnswVectorsFormat extends KnnVectorsFormat {

	private static final String LUCENE_FORMAT_NAME = "Lucene99HnswVectorsFormat";

	private static final int MAX_DIMENSIONS = 4096;

	private final int maxConnections;

	private final int beamWidth;

	private final FlatVectorsFormat flatFormat;

	HnswVectorsFormat(int maxConnections, int beamWidth, FlatVectorsScorer scorer) {
		super(LUCENE_FORMAT_NAME);
		this.maxConnections = maxConnections;
		this.beamWidth = beamWidth;
		this.flatFormat = new Lucene99FlatVectorsFormat(scorer);
	}

	@Override
	public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
		// One merge worker: merges run on Lucene's merge threads, which already compete with indexing for the cores.
		return new Lucene99HnswVectorsWriter(state, this.maxConnections, this.beamWidth,
				this.flatFormat.fieldsWriter(state), 1, null);
	}

	@Override
	public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
		return new Lucene99HnswVectorsReader(state, this.flatFormat.fieldsReader(state));
	}

	@Override
	public int getMaxDimensions(String fieldName) {
		return MAX_DIMENSIONS;
	}

	@Override
	public String toString() {
		return LUCENE_FORMAT_NAME + "(maxConnections=" + this.maxConnections + ", beamWidth=" + this.beamWidth
				+ ", flatFormat=" + this.flatFormat + ")";
	}

}
