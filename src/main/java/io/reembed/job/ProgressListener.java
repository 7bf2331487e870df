package io.reembed.job;

import io.reembed.source.SourceRow;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Counts a partition's rows as done once they are stored or dead-lettered, so that rate and ETA follow what is
 * finished rather than what was read ahead.
 */
public class ProgressListener implements ItemWriteListener<EmbeddingInput>, SkipListener<SourceRow, EmbeddingInput> {

	private final JobProgress progress;

	private final long jobExecutionId;

	public ProgressListener(JobProgress progress, long jobExecutionId) {
		this.progress = progress;
		this.jobExecutionId = jobExecutionId;
	}

	@Override
	public void afterWrite(Chunk<? extends EmbeddingInput> items) {
		this.progress.done(this.jobExecutionId, items.size());
	}

	@Override
	public void onSkipInProcess(SourceRow item, Throwable t) {
		this.progress.done(this.jobExecutionId, 1);
	}

	@Override
	public void onSkipInWrite(EmbeddingInput item, Throwable t) {
		this.progress.done(this.jobExecutionId, 1);
	}

}
