package io.reembed.orchestrator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Asks a job execution to stop at its next chunk boundary, as the {@code stop} command does: it ends STOPPED and can
 * be restarted from its last committed chunk.
 */
final class ExecutionStopper {

	private static final Logger logger = LoggerFactory.getLogger(ExecutionStopper.class);

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	ExecutionStopper(JobOperator jobOperator, JobRepository jobRepository) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	/**
	 * @return whether the execution was running and is now stopping
	 */
	boolean stop(long executionId) {
		// The repository's copy, as another process would see it: the running job picks the status up from there.
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		if (execution == null || (execution.getStatus() != BatchStatus.STARTED
				&& execution.getStatus() != BatchStatus.STARTING)) {
			return false;
		}
		try {
			return this.jobOperator.stop(execution);
		}
		catch (JobExecutionNotRunningException ex) {
			logger.debug("Execution {} ended before it could be stopped", executionId, ex);
			return false;
		}
	}

}
