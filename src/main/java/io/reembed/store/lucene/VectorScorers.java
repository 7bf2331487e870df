package io.reembed.store.lucene;

import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fastest vector scorer this JVM can run: {@link SimdDotProductScorer} when the vector API module is present,
 * Lucene's own otherwise.
 */
final class VectorScorers {

	private static final Logger logger = LoggerFactory.getLogger(VectorScorers.class);

	private static final String VECTOR_MODULE = "jdk.incubator.vector";

	private static final FlatVectorsScorer BEST = find();

	private VectorScorers() {
	}

	static FlatVectorsScorer best() {
		return BEST;
	}

	private static FlatVectorsScorer find() {
		if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
			try {
				// By name: without the module, merely linking against the class would fail.
				return (FlatVectorsScorer) Class.forName(VectorScorers.class.getPackageName() + ".SimdDotProductScorer")
					.getDeclaredConstructor()
					.newInstance();
			}
			catch (ReflectiveOperationException | LinkageError ex) {
				logger.warn("Cannot use the vector API for HNSW graphs; using Lucene's scalar scorer", ex);
			}
		}
		else {
			logger.info("HNSW graphs are built with scalar dot products; start the JVM with --add-modules {} "
					+ "to build them several times faster", VECTOR_MODULE);
		}
		return FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
	}

}
