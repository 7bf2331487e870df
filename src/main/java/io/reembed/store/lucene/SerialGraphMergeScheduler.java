package io.reembed.store.lucene;

import java.util.concurrent.Executor;

import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.MergePolicy;
import org.jspecify.annotations.Nullable;

/**
 * Lucene's concurrent merge scheduler, without threads inside a merge.
 * <p>
 * Given an executor for work within a merge, Lucene 9 rebuilds a merged segment's HNSW graph with its concurrent
 * graph builder, which takes a lock for every neighbour list it reads or changes, even when it runs on one thread;
 * without one it inserts the vectors into the largest segment's graph with its lock-free builder. Merges on this
 * store's merge threads already run beside the indexing threads, so a merge has no idle core to give its graph,
 * and the locks only cost time: about a third of a merge's.
 */
final class SerialGraphMergeScheduler extends ConcurrentMergeScheduler {

	@Override
	public @Nullable Executor getIntraMergeExecutor(MergePolicy.OneMerge merge) {
		return null;
	}

}
