package io.reembed.store.lucene;

import java.util.Random;

import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.VectorUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SerialGraphMergeSchedulerTests {

	private static final int SEGMENTS = 5;

	private static final int VECTORS_PER_SEGMENT = 200;

	private static final int DIMENSIONS = 24;

	@Test
	void mergedGraphFindsEveryVectorOfEverySegment() throws Exception {
		// given
		KnnVectorsFormat format = new HnswVectorsFormat(16, 100, VectorScorers.best());
		IndexWriterConfig config = new IndexWriterConfig().setCodec(new Lucene912Codec() {
			@Override
			public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
				return format;
			}
		}).setMergeScheduler(new SerialGraphMergeScheduler());
		Random random = new Random(21);
		float[][] vectors = new float[SEGMENTS * VECTORS_PER_SEGMENT][];
		try (Directory directory = new ByteBuffersDirectory()) {
			try (IndexWriter writer = new IndexWriter(directory, config)) {
				for (int i = 0; i < vectors.length; i++) {
					vectors[i] = randomUnitVector(random);
					Document document = new Document();
					document.add(new StoredField("id", i));
					document.add(new KnnFloatVectorField("vector", vectors[i], VectorSimilarityFunction.DOT_PRODUCT));
					writer.addDocument(document);
					if ((i + 1) % VECTORS_PER_SEGMENT == 0) {
						writer.commit();
					}
				}

				// when
				writer.forceMerge(1);
				writer.commit();
			}

			// then
			try (DirectoryReader reader = DirectoryReader.open(directory)) {
				assertThat(reader.leaves()).hasSize(1);
				IndexSearcher searcher = new IndexSearcher(reader);
				for (int i = 0; i < vectors.length; i++) {
					TopDocs hits = searcher.search(new KnnFloatVectorQuery("vector", vectors[i], 10), 1);
					int found = searcher.storedFields()
						.document(hits.scoreDocs[0].doc)
						.getField("id")
						.numericValue()
						.intValue();
					assertThat(found).as("nearest vector to vector %d", i).isEqualTo(i);
				}
			}
		}
	}

	private static float[] randomUnitVector(Random random) {
		float[] vector = new float[DIMENSIONS];
		for (int i = 0; i < DIMENSIONS; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return VectorUtil.l2normalize(vector);
	}

}
