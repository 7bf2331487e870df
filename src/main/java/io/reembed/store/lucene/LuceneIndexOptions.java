package io.reembed.store.lucene;

import org.springframework.util.Assert;

/**
 * How the Lucene store builds its indexes.
 *
 * @param maxConnections HNSW neighbours per node ({@code M}); more cost memory and indexing time, and raise recall
 * @param beamWidth HNSW candidates examined when a node is inserted ({@code ef_construction}); the dominant cost of
 * indexing, which grows with it about linearly, while recall gains less and less
 * @param checkpointBytes write-ahead log growth after which the index is committed
 * @param searchCandidates nearest points a search collects in each segment's graph before it keeps the best
 * {@code limit} ({@code ef_search}): a search for ten points that explores only ten misses many true neighbours
 */
public record LuceneIndexOptions(int maxConnections, int beamWidth, long checkpointBytes, int searchCandidates) {

	/**
	 * Lucene's own graph parameters, a commit every 64 MiB of logged points, and searches that explore 100
	 * candidates, as Qdrant's and Elasticsearch's defaults do.
	 */
	public static final LuceneIndexOptions DEFAULTS = new LuceneIndexOptions(16, 100, 64L * 1024 * 1024, 100);

	public LuceneIndexOptions {
		Assert.isTrue(maxConnections > 0 && maxConnections <= 512, "maxConnections must be between 1 and 512");
		Assert.isTrue(beamWidth > 0 && beamWidth <= 3200, "beamWidth must be between 1 and 3200");
		Assert.isTrue(checkpointBytes > 0, "checkpointBytes must be positive");
		Assert.isTrue(searchCandidates > 0 && searchCandidates <= 10_000,
				"searchCandidates must be between 1 and 10000");
	}

}
