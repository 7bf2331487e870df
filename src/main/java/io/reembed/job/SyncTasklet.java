package io.reembed.job;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reembed.store.VectorStore;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Ends a run that brought collections up to date with a table: deletes, when asked, the points of rows that are
 * gone from the table or no longer active, a batch a transaction, commits the collections in the store, then
 * records the watermark the next incremental run starts from.
 * <p>
 * A point is deleted from the store before its reference, so a failure in between leaves a reference that the
 * next sync finds orphaned again.
 */
class SyncTasklet implements Tasklet {

	private static final Logger logger = LoggerFactory.getLogger(SyncTasklet.class);

	private static final int DELETE_BATCH = 500;

	private final List<BackfillTarget> targets;

	private final boolean deleteOrphans;

	private final @Nullable Timestamp updatedUpTo;

	private final VectorStore store;

	private final VectorReferences references;

	private final SyncWatermarks watermarks;

	/**
	 * @param targets the collection and vector type of each set of points brought up to date
	 * @param deleteOrphans whether points of rows gone from the table are deleted
	 * @param updatedUpTo the newest updated-at value when the run started reading; absent when the table has no
	 * updated-at column
	 */
	SyncTasklet(List<BackfillTarget> targets, boolean deleteOrphans, @Nullable Timestamp updatedUpTo,
			VectorStore store, VectorReferences references, SyncWatermarks watermarks) {
		this.targets = List.copyOf(targets);
		this.deleteOrphans = deleteOrphans;
		this.updatedUpTo = updatedUpTo;
		this.store = store;
		this.references = references;
		this.watermarks = watermarks;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		if (this.deleteOrphans) {
			for (BackfillTarget target : this.targets) {
				String collection = target.collection().name();
				List<VectorReferences.Reference> orphans = this.references.orphans(collection, target.vectorType(),
						target.table(), target.clientId(), DELETE_BATCH);
				if (!orphans.isEmpty()) {
					List<UUID> pointIds = orphans.stream().map(VectorReferences.Reference::pointId).toList();
					this.store.delete(collection, pointIds);
					// The store deleted the whole points, so their other vector types are gone too.
					this.references.forget(collection, pointIds);
					contribution.incrementWriteCount(orphans.size());
					logger.info("Deleted {} points of rows gone from table '{}' of client {} from collection '{}'",
							orphans.size(), target.table().name(), target.clientId(), collection);
					return RepeatStatus.CONTINUABLE;
				}
			}
		}
		// A completed run leaves its points searchable from every process, before the watermark says they are there.
		this.targets.stream().map((target) -> target.collection().name()).distinct().forEach(this.store::commit);
		if (this.updatedUpTo != null) {
			long jobExecutionId = contribution.getStepExecution().getJobExecutionId();
			for (BackfillTarget target : this.targets) {
				this.watermarks.record(target, this.updatedUpTo, jobExecutionId);
			}
		}
		return RepeatStatus.FINISHED;
	}

}
