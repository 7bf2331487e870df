package io.reembed.orchestrator;

import java.util.List;

import io.reembed.job.DeadLetters;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;

/**
 * Everything known about a job: its queue row, and of its latest execution the status, progress, steps, errors,
 * dead letters and, for a re-embed, the quality report.
 *
 * @param job the job as queued
 * @param batchStatus the Spring Batch status of its latest execution, if it has one
 * @param progress rows done, their rate and the time left, once an execution started
 * @param steps the steps of its latest execution, partitions included, by name
 * @param errors why steps of its latest execution failed
 * @param deadLetters the first rows its executions dead-lettered
 * @param deadLetterCount every row its executions dead-lettered
 * @param qualityReport the quality gate's report of a re-embed, once the gate ran
 */
public record JobDetails(OrchestratedJob job, @Nullable BatchStatus batchStatus, @Nullable Progress progress,
		List<StepState> steps, List<String> errors, List<DeadLetters.DeadLetter> deadLetters, long deadLetterCount,
		@Nullable String qualityReport) {

	/**
	 * How far a job is.
	 *
	 * @param done rows embedded, left unchanged or dead-lettered, over every run of the job
	 * @param total rows in scope, once counted
	 * @param itemsPerSecond rows done per second by the latest run
	 * @param etaSeconds time left at that rate, while it runs and the rows in scope are known
	 */
	public record Progress(long done, @Nullable Long total, double itemsPerSecond, @Nullable Long etaSeconds) {
	}

	/**
	 * One step execution.
	 *
	 * @param name step name; a partition's is {@code <step>:<partition>}
	 * @param status its Spring Batch status
	 * @param read rows read
	 * @param written rows written
	 * @param skipped rows dead-lettered
	 * @param commits chunks committed
	 * @param rollbacks chunks rolled back
	 */
	public record StepState(String name, BatchStatus status, long read, long written, long skipped, long commits,
			long rollbacks) {
	}

}
