package io.reembed.job;

import java.util.Optional;

import io.reembed.config.ReembedProperties;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches re-embeds so that the same arguments do the right thing (see {@link RunLauncher}).
 */
public final class ReembedLauncher {

	private final RunLauncher runLauncher;

	private final Job reembedJob;

	private final ReembedProperties properties;

	public ReembedLauncher(JobOperator jobOperator, JobRepository jobRepository, Job reembedJob,
			ReembedProperties properties) {
		this.runLauncher = new RunLauncher(jobOperator, jobRepository);
		this.reembedJob = reembedJob;
		this.properties = properties;
	}

	/** Runs the re-embed to its end in this thread. */
	public JobExecution launch(ReembedParameters parameters) throws Exception {
		return this.runLauncher.launch(this.reembedJob, parameters.withoutRun().toJobParameters(), this::identity,
				(executionId) -> new IllegalStateException("Re-embed of table '" + parameters.table()
						+ "' for client " + parameters.clientId() + " is already running as execution " + executionId
						+ "; stop it, or recover it if its process was killed"));
	}

	/** The newest execution of the same re-embed (same table, client, vector type and models), if any. */
	public Optional<JobExecution> latestExecution(ReembedParameters parameters) {
		return this.runLauncher.latestExecution(ReembedJobConfiguration.JOB_NAME,
				parameters.withoutRun().toJobParameters(), this::identity);
	}

	private Object identity(JobParameters parameters) {
		return ReembedParameters.from(parameters, this.properties).withoutRun();
	}

}
