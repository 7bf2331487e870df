package io.reembed.cli;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * {@code restart}, {@code stop}, {@code recover} and {@code status}: the JobRepository seen from the command line.
 */
final class JobCommands {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final Map<String, Job> jobs;

	private final Console console;

	JobCommands(JobOperator jobOperator, JobRepository jobRepository, List<Job> jobs, Console console) {
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.jobs = new java.util.TreeMap<>();
		jobs.forEach((job) -> this.jobs.put(job.getName(), job));
		this.console = console;
	}

	int restart(CommandLineArguments arguments) throws Exception {
		JobExecution execution = execution(arguments);
		if (execution.getStatus() != BatchStatus.FAILED && execution.getStatus() != BatchStatus.STOPPED) {
			throw new UsageException("Execution " + execution.getId() + " is " + execution.getStatus()
					+ "; only FAILED or STOPPED executions restart"
					+ (execution.isRunning() ? " (run 'recover' first if its process was killed)" : ""));
		}
		Job job = this.jobs.get(execution.getJobInstance().getJobName());
		if (job == null) {
			throw new UsageException("Execution " + execution.getId() + " belongs to unknown job '"
					+ execution.getJobInstance().getJobName() + "'");
		}
		JobExecution restarted = this.jobOperator.start(job, execution.getJobParameters());
		BackfillCommand.report(this.console, restarted);
		return ExitCodes.of(restarted.getStatus());
	}

	int stop(CommandLineArguments arguments) throws Exception {
		JobExecution execution = execution(arguments);
		this.jobOperator.stop(execution);
		this.console.out()
			.printf("Execution %d is stopping; it ends STOPPED after its current chunks%n", execution.getId());
		return ExitCodes.COMPLETED;
	}

	int recover(CommandLineArguments arguments) {
		List<JobExecution> executions = new ArrayList<>();
		if (arguments.option("execution").isPresent()) {
			executions.add(execution(arguments));
		}
		else {
			for (String name : this.jobs.keySet()) {
				executions.addAll(this.jobRepository.findRunningJobExecutions(name));
			}
		}
		if (executions.isEmpty()) {
			this.console.out().println("No execution is left running");
		}
		for (JobExecution execution : executions) {
			JobExecution full = this.jobRepository.getJobExecution(execution.getId());
			JobExecution recovered = this.jobOperator.recover((full != null) ? full : execution);
			this.console.out()
				.printf("Execution %d of %s (%s) is now %s and can be restarted%n", recovered.getId(),
						recovered.getJobInstance().getJobName(), recovered.getJobParameters(),
						recovered.getStatus());
		}
		return ExitCodes.COMPLETED;
	}

	int status(CommandLineArguments arguments) {
		if (arguments.option("execution").isPresent()) {
			JobExecution execution = execution(arguments);
			printExecution(execution);
			execution.getStepExecutions()
				.stream()
				.sorted(Comparator.comparing(StepExecution::getStepName))
				.forEach((step) -> this.console.out()
					.printf("  %-32s %-10s read %7d  written %7d  skipped %5d  commits %5d  rollbacks %3d%n",
							step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount(),
							step.getSkipCount(), step.getCommitCount(), step.getRollbackCount()));
			if (execution.getStatus() == BatchStatus.FAILED) {
				this.console.out().printf("  reason: %s%n", FailureReasons.of(execution));
			}
			return ExitCodes.COMPLETED;
		}
		int limit = Integer.parseInt(arguments.option("limit").orElse("20"));
		List<JobExecution> executions = new ArrayList<>();
		for (String name : this.jobs.keySet()) {
			for (JobInstance instance : this.jobRepository.getJobInstances(name, 0, limit)) {
				executions.addAll(this.jobRepository.getJobExecutions(instance));
			}
		}
		executions.sort(Comparator.comparing(JobExecution::getId).reversed());
		if (executions.isEmpty()) {
			this.console.out().println("No job has run yet");
		}
		executions.stream().limit(limit).forEach(this::printExecution);
		return ExitCodes.COMPLETED;
	}

	private void printExecution(JobExecution execution) {
		RowCounts rows = RowCounts.of(execution);
		this.console.out()
			.printf("%6d  %-9s %-10s %-19s %-19s read %7d  written %7d  skipped %5d  %s%n", execution.getId(),
					execution.getJobInstance().getJobName(), execution.getStatus(), time(execution.getStartTime()),
					time(execution.getEndTime()), rows.read(), rows.written(), rows.skipped(), parameters(execution));
	}

	private static String parameters(JobExecution execution) {
		List<String> parts = new ArrayList<>();
		execution.getJobParameters()
			.parameters()
			.forEach((parameter) -> parts.add(parameter.name() + "=" + parameter.value()));
		parts.sort(null);
		return String.join(" ", parts);
	}

	private static String time(java.time.@Nullable LocalDateTime time) {
		return (time != null) ? TIME.format(time) : "-";
	}

	private JobExecution execution(CommandLineArguments arguments) {
		String id = arguments.option("execution")
			.or(() -> arguments.positional().stream().findFirst())
			.orElseThrow(() -> new UsageException("--execution is required, e.g. --execution 12 (see 'status')"));
		long executionId;
		try {
			executionId = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new UsageException("Execution id '" + id + "' is not a number");
		}
		JobExecution execution = this.jobRepository.getJobExecution(executionId);
		if (execution == null) {
			throw new UsageException("There is no job execution " + executionId + " (see 'status')");
		}
		return execution;
	}

}
