package io.reembed.job;

import io.reembed.source.SourceRow;

import org.springframework.batch.core.listener.SkipListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Writes every skipped row to the dead-letter table, in the chunk's own transaction.
 */
public class DeadLetterSkipListener implements SkipListener<SourceRow, EmbeddingInput> {

	private final BackfillTarget target;

	private final DeadLetters deadLetters;

	private final BackfillMetrics metrics;

	private final StepExecution stepExecution;

	public DeadLetterSkipListener(BackfillTarget target, DeadLetters deadLetters, BackfillMetrics metrics,
			StepExecution stepExecution) {
		this.target = target;
		this.deadLetters = deadLetters;
		this.metrics = metrics;
		this.stepExecution = stepExecution;
	}

	@Override
	public void onSkipInProcess(SourceRow item, Throwable t) {
		record(item.recordId(), t);
	}

	@Override
	public void onSkipInWrite(EmbeddingInput item, Throwable t) {
		record(item.recordId(), t);
	}

	@Override
	public void onSkipInRead(Throwable t) {
		record("unreadable", t);
	}

	private void record(String recordId, Throwable t) {
		this.deadLetters.record(this.stepExecution.getJobExecutionId(), this.target.table().name(),
				this.target.clientId(), recordId, this.target.vectorType(), t.getMessage());
		this.metrics.skipped(this.target.table().name(), this.target.provider().model().name());
	}

}
