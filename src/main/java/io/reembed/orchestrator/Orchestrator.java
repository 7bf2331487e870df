package io.reembed.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.reembed.cli.FailureReasons;
import io.reembed.config.TableCatalog;
import io.reembed.job.AliasNames;
import io.reembed.job.DeadLetters;
import io.reembed.job.JobProgress;
import io.reembed.job.PrepareBackfillTasklet;
import io.reembed.job.ReembedJobConfiguration;
import io.reembed.job.TableCollections;
import io.reembed.source.InvalidTableDefinitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.util.StringUtils;

/**
 * What the REST API asks of the orchestrator: submit, list, inspect, cancel and restart jobs, and roll a client's
 * alias of a table back.
 */
public final class Orchestrator {

	private static final Logger logger = LoggerFactory.getLogger(Orchestrator.class);

	/** Most dead-lettered rows a job's details list; the count covers every one. */
	private static final int DEAD_LETTERS_SHOWN = 100;

	private final JobQueue queue;

	private final JobRequestValidator validator;

	private final JobScheduler scheduler;

	private final ExecutionStopper stopper;

	private final JobRepository jobRepository;

	private final JobProgress progress;

	private final DeadLetters deadLetters;

	private final TableCatalog catalog;

	private final TableCollections collections;

	private final Clock clock;

	Orchestrator(JobQueue queue, JobRequestValidator validator, JobScheduler scheduler, ExecutionStopper stopper,
			JobRepository jobRepository, JobProgress progress, DeadLetters deadLetters, TableCatalog catalog,
			TableCollections collections, Clock clock) {
		this.queue = queue;
		this.validator = validator;
		this.scheduler = scheduler;
		this.stopper = stopper;
		this.jobRepository = jobRepository;
		this.progress = progress;
		this.deadLetters = deadLetters;
		this.catalog = catalog;
		this.collections = collections;
		this.clock = clock;
	}

	/**
	 * Queues jobs: every one is checked first, and either all are queued or none.
	 * @return their ids, in the order given
	 * @throws InvalidJobRequestException naming the first problem, and the job's position when there are several
	 */
	public List<Long> submit(List<JobRequest> requests) {
		if (requests.isEmpty()) {
			throw new InvalidJobRequestException("No job to submit");
		}
		for (int i = 0; i < requests.size(); i++) {
			try {
				this.validator.validate(requests.get(i));
			}
			catch (InvalidJobRequestException ex) {
				if (requests.size() == 1) {
					throw ex;
				}
				throw new InvalidJobRequestException("Job " + i + ": " + ex.getMessage(), ex);
			}
		}
		List<Long> ids = this.queue.submit(requests, this.clock.instant());
		logger.info("Queued jobs {}", ids);
		this.scheduler.wake();
		return ids;
	}

	/**
	 * @throws JobNotFoundException when there is no such job
	 */
	public OrchestratedJob job(long id) {
		return this.queue.find(id).orElseThrow(() -> new JobNotFoundException(id));
	}

	public List<OrchestratedJob> jobs(JobFilter filter) {
		return this.queue.list(filter);
	}

	/**
	 * @throws JobNotFoundException when there is no such job
	 */
	public JobDetails details(long id) {
		OrchestratedJob job = job(id);
		Long executionId = job.jobExecutionId();
		JobExecution execution = (executionId != null) ? this.jobRepository.getJobExecution(executionId) : null;
		if (execution == null) {
			return new JobDetails(job, job.batchStatus(), null, List.of(), List.of(), List.of(), 0, null);
		}
		List<JobExecution> runs = this.jobRepository.getJobExecutions(execution.getJobInstance());
		List<Long> runIds = runs.stream().map(JobExecution::getId).toList();
		long deadLetterCount = runIds.stream().mapToLong(this.deadLetters::countForExecution).sum();
		ExecutionContext context = execution.getExecutionContext();
		String qualityReport = context.containsKey(ReembedJobConfiguration.QUALITY_REPORT_KEY)
				? context.getString(ReembedJobConfiguration.QUALITY_REPORT_KEY) : null;
		return new JobDetails(job, execution.getStatus(), progress(execution, runs), steps(execution),
				errors(execution), this.deadLetters.findForExecutions(runIds, DEAD_LETTERS_SHOWN), deadLetterCount,
				qualityReport);
	}

	/**
	 * Cancels a job: a pending one leaves the queue; a running one stops at its next chunk boundary, ends STOPPED
	 * and restartable, and becomes CANCELLED.
	 * @throws ConflictException when the job has already ended
	 */
	public OrchestratedJob cancel(long id) {
		OrchestratedJob job = job(id);
		if (job.state() == JobState.PENDING && this.queue.cancelPending(id, this.clock.instant())) {
			logger.info("Job {} was cancelled before it started", id);
			return job(id);
		}
		// Claimed meanwhile, perhaps.
		job = job(id);
		if (job.state() != JobState.RUNNING) {
			throw new ConflictException(
					"Job " + id + " is " + job.state() + "; only PENDING or RUNNING jobs can be cancelled");
		}
		if (!this.scheduler.stop(id, StopReason.CANCEL)) {
			// Running in another server on the same database: its execution picks the stop up from there.
			this.queue.requestStop(id, StopReason.CANCEL);
			Long executionId = job.jobExecutionId();
			if (executionId != null) {
				this.stopper.stop(executionId);
			}
		}
		return job(id);
	}

	/**
	 * Queues a failed or cancelled job again; when it runs, it restarts its stopped or failed execution from the
	 * last committed chunk.
	 * @throws ConflictException when the job is pending, running or completed
	 */
	public OrchestratedJob restart(long id) {
		OrchestratedJob job = job(id);
		if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
			throw new ConflictException(
					"Job " + id + " is " + job.state() + "; only FAILED or CANCELLED jobs can be restarted");
		}
		if (!this.queue.requeue(id, this.clock.instant())) {
			throw new ConflictException("Job " + id + " changed while it was being restarted; it is "
					+ job(id).state());
		}
		logger.info("Job {} is queued again", id);
		this.scheduler.wake();
		return job(id);
	}

	/**
	 * Points the client's alias of the table back at the collection it served before its last switch.
	 * @throws NotFoundException for an unknown table, or a client without an alias of it
	 * @throws ConflictException while a re-embed of the client's table runs, or when the alias served nothing else
	 */
	public Rollback rollback(String table, String clientId) {
		try {
			this.catalog.get(table);
		}
		catch (InvalidTableDefinitionException ex) {
			throw new NotFoundException(ex.getMessage(), ex);
		}
		String alias = AliasNames.of(table, clientId);
		String current = this.collections.aliases(table).get(alias);
		if (current == null) {
			throw new NotFoundException("Client " + clientId + " has no alias of table '" + table + "'");
		}
		Optional<OrchestratedJob> reembed = this.queue
			.list(new JobFilter(JobState.RUNNING, clientId, table, JobFilter.MAX_LIMIT))
			.stream()
			.filter((job) -> job.kind() == JobKind.REEMBED)
			.findFirst();
		if (reembed.isPresent()) {
			throw new ConflictException("A re-embed of table '" + table + "' for client " + clientId
					+ " is running (job " + reembed.get().id() + "); cancel it or wait for it to end");
		}
		try {
			String previous = this.collections.rollback(alias);
			return new Rollback(table, clientId, alias, current, previous);
		}
		catch (IllegalStateException ex) {
			throw new ConflictException(ex.getMessage(), ex);
		}
	}

	/**
	 * A rollback done.
	 *
	 * @param table the table
	 * @param clientId the client
	 * @param alias the client's alias of the table
	 * @param from the collection it served
	 * @param to the collection it serves now
	 */
	public record Rollback(String table, String clientId, String alias, String from, String to) {
	}

	private JobDetails.@Nullable Progress progress(JobExecution execution, List<JobExecution> runs) {
		LocalDateTime start = execution.getStartTime();
		if (start == null) {
			return null;
		}
		long earlier = 0;
		long current = 0;
		for (JobExecution run : runs) {
			long handled = run.getStepExecutions()
				.stream()
				.filter(Orchestrator::isPartition)
				.mapToLong((step) -> step.getWriteCount() + step.getSkipCount() + step.getFilterCount())
				.sum();
			if (run.getId() == execution.getId()) {
				current = handled;
			}
			else {
				earlier += handled;
			}
		}
		Optional<JobProgress.Snapshot> live = this.progress.peek(execution.getId());
		// The live count includes chunks not yet committed; the repository's only committed ones.
		long thisRun = Math.max(current, live.map(JobProgress.Snapshot::done).orElse(0L));
		long done = earlier + thisRun;
		Long total = live.filter((snapshot) -> snapshot.total() >= 0).map(JobProgress.Snapshot::total).orElse(null);
		ExecutionContext context = execution.getExecutionContext();
		if (total == null && context.containsKey(PrepareBackfillTasklet.ROWS_IN_SCOPE)) {
			total = context.getLong(PrepareBackfillTasklet.ROWS_IN_SCOPE);
		}
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		double seconds = Math.max(Duration.between(start, end).toMillis(), 1) / 1000.0;
		double rate = thisRun / seconds;
		Long eta = null;
		if (execution.isRunning() && total != null && rate > 0) {
			eta = (long) Math.ceil(Math.max(total - done, 0) / rate);
		}
		else if (execution.getStatus() == BatchStatus.COMPLETED) {
			eta = 0L;
		}
		return new JobDetails.Progress(done, total, rate, eta);
	}

	private static List<JobDetails.StepState> steps(JobExecution execution) {
		return execution.getStepExecutions()
			.stream()
			.sorted(Comparator.comparing(StepExecution::getStepName))
			.map((step) -> new JobDetails.StepState(step.getStepName(), step.getStatus(), step.getReadCount(),
					step.getWriteCount(), step.getSkipCount(), step.getCommitCount(), step.getRollbackCount()))
			.toList();
	}

	private static List<String> errors(JobExecution execution) {
		Set<String> errors = new LinkedHashSet<>();
		for (StepExecution step : execution.getStepExecutions()) {
			if (step.getStatus() == BatchStatus.FAILED || step.getStatus() == BatchStatus.UNKNOWN) {
				String description = step.getExitStatus().getExitDescription();
				errors.add(step.getStepName() + ": "
						+ (StringUtils.hasText(description) ? firstLine(description) : step.getStatus().toString()));
			}
		}
		if (errors.isEmpty() && execution.getStatus() == BatchStatus.FAILED) {
			errors.add(FailureReasons.of(execution));
		}
		return new ArrayList<>(errors);
	}

	private static boolean isPartition(StepExecution step) {
		// Partition steps are named "<step>:<partition>"; their manager step repeats their sums.
		return step.getStepName().contains(":");
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

}
