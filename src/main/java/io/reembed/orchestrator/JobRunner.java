package io.reembed.orchestrator;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import io.reembed.cli.FailureReasons;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillModels;
import io.reembed.job.BackfillOptions;
import io.reembed.job.BackfillParameters;
import io.reembed.job.JobProgress;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ReembedParameters;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * Runs one claimed job to its end through the launchers the command line uses, so that a job stopped or failed
 * before restarts from its last committed chunk, and records how it ended.
 */
final class JobRunner {

	private static final Logger logger = LoggerFactory.getLogger(JobRunner.class);

	/** Attempts at launching a job whose start collides with other jobs' starts in the JobRepository. */
	private static final int LAUNCH_ATTEMPTS = 5;

	/** The reason of a job stopped by its timeout. */
	static final String TIMEOUT = "timeout";

	private final JobQueue queue;

	private final ExecutionTracker tracker;

	private final BackfillLauncher backfillLauncher;

	private final ReembedLauncher reembedLauncher;

	private final BackfillModels backfillModels;

	private final JobProgress progress;

	private final Clock clock;

	JobRunner(JobQueue queue, ExecutionTracker tracker, BackfillLauncher backfillLauncher,
			ReembedLauncher reembedLauncher, BackfillModels backfillModels, JobProgress progress, Clock clock) {
		this.queue = queue;
		this.tracker = tracker;
		this.backfillLauncher = backfillLauncher;
		this.reembedLauncher = reembedLauncher;
		this.backfillModels = backfillModels;
		this.progress = progress;
		this.clock = clock;
	}

	void run(RunningJob job) {
		logger.info("Job {} starts: {} of table '{}' for client {} ({})", job.id(), job.job().kind().value(),
				job.job().table(), job.job().clientId(), job.job().priority());
		JobExecution execution;
		try {
			execution = this.tracker.track(job, () -> launchRetryingConflicts(job.job()));
		}
		catch (Exception ex) {
			String reason = FailureReasons.describe(ex);
			logger.warn("Job {} could not run: {}", job.id(), reason, ex);
			this.queue.finish(job.id(), JobState.FAILED, null, reason, this.clock.instant());
			return;
		}
		// Later runs of the job report from the repository; the live counts are only for a running execution.
		this.progress.forget(execution.getId());
		settle(job.job(), execution, job.stopReason());
	}

	/**
	 * Records how a job ended, from its execution's status and the reason it was asked to stop, if any.
	 */
	void settle(OrchestratedJob job, JobExecution execution, @Nullable StopReason stopReason) {
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.COMPLETED) {
			end(job, JobState.COMPLETED, status, null);
		}
		else if (status == BatchStatus.STOPPED && stopReason == StopReason.SHUTDOWN) {
			this.queue.returnToQueue(job.id(), status, "stopped by a server shutdown; resumes at the next start");
			logger.info("Job {} stopped for the shutdown and is queued again", job.id());
		}
		else if (status == BatchStatus.STOPPED && stopReason == StopReason.TIMEOUT) {
			end(job, JobState.FAILED, status, TIMEOUT);
		}
		else if (status == BatchStatus.STOPPED) {
			end(job, JobState.CANCELLED, status,
					(stopReason == StopReason.CANCEL) ? "cancelled" : "stopped outside the orchestrator");
		}
		else {
			end(job, JobState.FAILED, status, FailureReasons.of(execution));
		}
	}

	private void end(OrchestratedJob job, JobState state, BatchStatus status, @Nullable String reason) {
		this.queue.finish(job.id(), state, status, reason, this.clock.instant());
		logger.info("Job {} ended {} ({}){}", job.id(), state, status, (reason != null) ? ": " + reason : "");
	}

	/**
	 * Spring Batch creates job instances and executions in serializable transactions, which PostgreSQL refuses to
	 * commit when two jobs start at the same moment; a refused launch is tried again, and the job instance it may have
	 * left without an execution is deleted then (see {@code RunLauncher}).
	 */
	private JobExecution launchRetryingConflicts(OrchestratedJob job) throws Exception {
		for (int attempt = 1;; attempt++) {
			try {
				return launch(job);
			}
			catch (ConcurrencyFailureException ex) {
				if (attempt == LAUNCH_ATTEMPTS) {
					throw ex;
				}
				logger.debug("Job {} collided with another job's start; trying again", job.id(), ex);
				Thread.sleep(ThreadLocalRandom.current().nextLong(50, 150) * attempt);
			}
		}
	}

	private JobExecution launch(OrchestratedJob job) throws Exception {
		if (job.kind() == JobKind.REEMBED) {
			return this.reembedLauncher.launch(parameters(job));
		}
		String model = job.targetModel();
		if (model == null) {
			model = this.backfillModels.choose(job.table(), job.clientId(), null).model();
			this.queue.chooseModel(job.id(), model);
		}
		return this.backfillLauncher.launch(
				new BackfillParameters(job.table(), job.clientId(), job.vectorType(), model, null),
				BackfillOptions.FULL);
	}

	static ReembedParameters parameters(OrchestratedJob job) {
		String sourceModel = job.sourceModel();
		String targetModel = job.targetModel();
		if (sourceModel == null || targetModel == null) {
			throw new IllegalStateException("Re-embed job " + job.id() + " names no source or target model");
		}
		return new ReembedParameters(job.table(), job.clientId(), job.vectorType(), sourceModel, targetModel, null);
	}

}
