package io.reembed.cli;

import io.reembed.job.EmbeddingItemWriter;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What an execution's partitions did with the rows, summed over its partition steps.
 *
 * @param read rows read
 * @param written rows embedded and stored
 * @param skipped rows dead-lettered
 * @param unchanged rows an incremental run left out: their text had not changed since they were embedded
 */
public record RowCounts(long read, long written, long skipped, long unchanged) {

	public static RowCounts of(JobExecution execution) {
		long read = 0;
		long passedToWriters = 0;
		long skipped = 0;
		long unchanged = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			// Partition steps are named "<step>:<partition>"; the manager step repeats their sums.
			if (step.getStepName().contains(":")) {
				read += step.getReadCount();
				passedToWriters += step.getWriteCount();
				skipped += step.getSkipCount();
				// A restarted partition inherits its last execution's context, and with it that execution's count.
				if (step.getExecutionContext().getLong(EmbeddingItemWriter.UNCHANGED_BY, -1) == step.getId()) {
					unchanged += step.getExecutionContext().getLong(EmbeddingItemWriter.UNCHANGED, 0);
				}
			}
		}
		return new RowCounts(read, passedToWriters - unchanged, skipped, unchanged);
	}

}
