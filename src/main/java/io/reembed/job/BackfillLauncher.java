package io.reembed.job;

import java.util.Optional;

import io.reembed.config.ReembedProperties;


import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches backfills so that the same arguments do the right thing (see {@link RunLauncher}).
 */
public final class BackfillLauncher {

	private final RunLauncher runLauncher;

	private final Job backfillJob;

	private final ReembedProperties properties;

	public BackfillLauncher(JobOperator jobOperator, JobRepository jobRepository, Job backfillJob,
			ReembedProperties properties) {
		this.runLauncher = new RunLauncher(jobOperator, jobRepository);
		this.backfillJob = backfillJob;
		this.properties = properties;
	}

	/**
	 * Runs the backfill to its end in this thread.
	 * @throws BackfillAlreadyRunningException when an execution of the same backfill is running
	 */
	public JobExecution launch(BackfillParameters parameters) throws Exception {
		return launch(parameters, BackfillOptions.FULL);
	}

	/**
	 * Runs the backfill to its end in this thread.
	 * @throws BackfillAlreadyRunningException when an execution of the same backfill is running
	 */
	public JobExecution launch(BackfillParameters parameters, BackfillOptions options) throws Exception {
		JobParameters jobParameters = new JobParametersBuilder(parameters.withoutRun().toJobParameters())
			.addString(BackfillParameters.INCREMENTAL, Boolean.toString(options.incremental()), false)
			.addString(BackfillParameters.SYNC_DELETES, Boolean.toString(options.syncDeletes()), false)
			.toJobParameters();
		return this.runLauncher.launch(this.backfillJob, jobParameters, this::identity,
				(executionId) -> new BackfillAlreadyRunningException(executionId, parameters));
	}

	/** The newest execution of the same backfill (same table, client, vector type and model), if any. */
	public Optional<JobExecution> latestExecution(BackfillParameters parameters) {
		return this.runLauncher.latestExecution(BackfillJobConfiguration.JOB_NAME,
				parameters.withoutRun().toJobParameters(), this::identity);
	}

	/** Defaults applied, so that a launch by the Spring Boot convention matches one from the command line. */
	private Object identity(JobParameters parameters) {
		return BackfillParameters.from(parameters, this.properties).withoutRun();
	}

}
