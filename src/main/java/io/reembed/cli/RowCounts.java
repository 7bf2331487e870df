package io.reembed.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * What an execution's partitions did with the rows, summed over its partition steps.
 *
 * @param read rows read
 * @param written rows embedded and stored
 * @param skipped rows dead-lettered
 */
record RowCounts(long read, long written, long skipped) {

	static RowCounts of(JobExecution execution) {
		long read = 0;
		long written = 0;
		long skipped = 0;
		for (StepExecution step : execution.getStepExecutions()) {
			// Partition steps are named "<step>:<partition>"; the manager step repeats their sums.
			if (step.getStepName().contains(":")) {
				read += step.getReadCount();
				written += step.getWriteCount();
				skipped += step.getSkipCount();
			}
		}
		return new RowCounts(read, written, skipped);
	}

}
