package io.reembed.job;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches a job so that the same arguments do the right thing: a failed or stopped execution is restarted where it
 * stopped; after a completed one the job runs again as a new run (the identifying {@code run} parameter counts
 * them); a running one is not started twice.
 */
final class RunLauncher {

	private static final Logger logger = LoggerFactory.getLogger(RunLauncher.class);

	static final String RUN = "run";

	private static final int PAGE = 200;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	RunLauncher(JobOperator jobOperator, JobRepository jobRepository) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
	}

	/**
	 * Runs the job to its end in this thread.
	 * @param parameters the job's parameters, without {@code run}
	 * @param identity what makes two executions' parameters the same launch, whatever their run; throws
	 * {@link IllegalArgumentException} for parameters of another shape
	 * @param alreadyRunning the exception for an execution of the same launch that is running
	 */
	JobExecution launch(Job job, JobParameters parameters, Function<JobParameters, Object> identity,
			LongFunction<RuntimeException> alreadyRunning) throws Exception {
		Optional<JobExecution> latest = latestExecution(job.getName(), parameters, identity);
		if (latest.isPresent()) {
			JobExecution execution = latest.get();
			if (execution.isRunning()) {
				throw alreadyRunning.apply(execution.getId());
			}
			if (execution.getStatus() == BatchStatus.FAILED || execution.getStatus() == BatchStatus.STOPPED) {
				// Same identifying parameters: Spring Batch restarts the instance from its last commit.
				return this.jobOperator.start(job, execution.getJobParameters());
			}
		}
		long nextRun = latest.map((execution) -> runOf(execution) + 1).orElse(1L);
		JobParameters nextRunParameters = new JobParametersBuilder(parameters).addLong(RUN, nextRun)
			.toJobParameters();
		deleteInstanceWithoutExecutions(job.getName(), nextRunParameters);
		return this.jobOperator.start(job, nextRunParameters);
	}

	/**
	 * Spring Batch writes a new run's job instance and its first execution in two transactions. A launch cut off
	 * between them (a killed JVM, or a create transaction the database refused as a serialization conflict) leaves
	 * an instance without executions, which Spring Batch then neither starts nor restarts. It holds no state, so it
	 * goes, and the run starts afresh.
	 */
	private void deleteInstanceWithoutExecutions(String jobName, JobParameters parameters) {
		JobInstance instance = this.jobRepository.getJobInstance(jobName, parameters);
		if (instance != null && this.jobRepository.getJobExecutions(instance).isEmpty()) {
			logger.warn("Job instance {} of '{}' was left without executions by an interrupted launch; deleting it",
					instance.getId(), jobName);
			this.jobRepository.deleteJobInstance(instance);
		}
	}

	/** The newest execution of the job with the same identity, whatever its run. */
	Optional<JobExecution> latestExecution(String jobName, JobParameters parameters,
			Function<JobParameters, Object> identity) {
		Object wanted = identity.apply(parameters);
		for (int start = 0;; start += PAGE) {
			List<JobInstance> instances = this.jobRepository.getJobInstances(jobName, start, PAGE);
			for (JobInstance instance : instances) {
				JobExecution execution = this.jobRepository.getLastJobExecution(instance);
				if (execution != null && wanted.equals(identityOrNull(identity, execution.getJobParameters()))) {
					return Optional.of(execution);
				}
			}
			if (instances.size() < PAGE) {
				return Optional.empty();
			}
		}
	}

	private static @Nullable Object identityOrNull(Function<JobParameters, Object> identity,
			JobParameters parameters) {
		try {
			return identity.apply(parameters);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static long runOf(JobExecution execution) {
		@Nullable Long run = execution.getJobParameters().getLong(RUN);
		return (run != null) ? run : 0;
	}

}
