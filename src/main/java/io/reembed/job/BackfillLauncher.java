package io.reembed.job;

import java.util.List;
import java.util.Optional;

import io.reembed.config.ReembedProperties;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches backfills so that the same arguments do the right thing: a failed or stopped backfill is restarted
 * where it stopped; a completed one runs again as a new run; a running one is not started twice.
 */
public final class BackfillLauncher {

	private static final int PAGE = 200;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Job backfillJob;

	private final ReembedProperties properties;

	public BackfillLauncher(JobOperator jobOperator, JobRepository jobRepository, Job backfillJob,
			ReembedProperties properties) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.backfillJob = backfillJob;
		this.properties = properties;
	}

	/**
	 * Runs the backfill to its end in this thread.
	 * @throws BackfillAlreadyRunningException when an execution of the same backfill is running
	 */
	public JobExecution launch(BackfillParameters parameters) throws Exception {
		Optional<JobExecution> latest = latestExecution(parameters);
		if (latest.isPresent()) {
			JobExecution execution = latest.get();
			if (execution.isRunning()) {
				throw new BackfillAlreadyRunningException(execution.getId(), parameters);
			}
			if (execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.STOPPED) {
				// Same identifying parameters: Spring Batch restarts the instance from its last commit.
				return this.jobOperator.start(this.backfillJob, execution.getJobParameters());
			}
		}
		long nextRun = latest.map((execution) -> runOf(execution) + 1).orElse(1L);
		return this.jobOperator.start(this.backfillJob, parameters.withRun(nextRun).toJobParameters());
	}

	/** The newest execution of the same backfill (same table, client, vector type and model), if any. */
	public Optional<JobExecution> latestExecution(BackfillParameters parameters) {
		for (int start = 0;; start += PAGE) {
			List<JobInstance> instances = this.jobRepository.getJobInstances(BackfillJobConfiguration.JOB_NAME, start,
					PAGE);
			for (JobInstance instance : instances) {
				JobExecution execution = this.jobRepository.getLastJobExecution(instance);
				if (execution != null && sameBackfill(execution, parameters)) {
					return Optional.of(execution);
				}
			}
			if (instances.size() < PAGE) {
				return Optional.empty();
			}
		}
	}

	private boolean sameBackfill(JobExecution execution, BackfillParameters parameters) {
		try {
			return BackfillParameters.from(execution.getJobParameters(), this.properties).sameBackfillAs(parameters);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static long runOf(JobExecution execution) {
		@Nullable Long run = execution.getJobParameters().getLong(BackfillParameters.RUN);
		return (run != null) ? run : 0;
	}

}
