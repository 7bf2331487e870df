package io.reembed.store.lucene;

import org.springframework.util.Assert;

/**
 * How the Lucene store builds its indexes.
 *
 * @param maxConnections HNSW neighbours per node ({@code M}); more cost memory and indexing time, and raise recall
 * @param beamWidth HNSW candidates examined when a node is inserted ({@code ef_construction}); the dominant cost of
 * indexing, which grows with it about linearly, while recall gains less and less
 * @param checkpointBytes write-ahead log growth after which the index is committed
 */
public record LuceneIndexOptions(int maxConnections, int beamWidth, long checkpointBytes) {

	/** Lucene's own graph parameters, and a commit every 64 MiB of logged points. */
	public static final LuceneIndexOptions DEFAULTS = new LuceneIndexOptions(16, 100, 64L * 1024 * 1024);

	public LuceneIndexOptions {
		Assert.isTrue(maxConnections > 0 && maxConnections <= 512, "maxConnections must be between 1 and 512");
		Assert.isTrue(beamWidth > 0 && beamWidth <= 3200, "beamWidth must be between 1 and 3200");
		Assert.isTrue(checkpointBytes > 0, "checkpointBytes must be positive");
	}

}
