package io.reembed.orchestrator;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ReembedLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Picks up after a server that was killed: each job its queue still shows RUNNING had its execution cut off. That
 * execution is marked FAILED, as {@code recover} does, and the job is queued again at its place, so that the
 * scheduler restarts it from its last committed chunk; it never runs twice at once. A job whose execution had
 * ended before the crash is recorded as it ended.
 */
final class JobRecovery {

	private static final Logger logger = LoggerFactory.getLogger(JobRecovery.class);

	private final JobQueue queue;

	private final JobRunner runner;

	private final JobOperator jobOperator;

	private final JobRepository jobRepository;

	private final BackfillLauncher backfillLauncher;

	private final ReembedLauncher reembedLauncher;

	JobRecovery(JobQueue queue, JobRunner runner, JobOperator jobOperator, JobRepository jobRepository,
			BackfillLauncher backfillLauncher, ReembedLauncher reembedLauncher) {
		this.queue = queue;
		this.runner = runner;
		this.jobOperator = jobOperator;
		this.jobRepository = jobRepository;
		this.backfillLauncher = backfillLauncher;
		this.reembedLauncher = reembedLauncher;
	}

	void recover() {
		for (OrchestratedJob job : this.queue.inState(JobState.RUNNING)) {
			Optional<JobExecution> execution = execution(job);
			if (execution.isEmpty()) {
				this.queue.returnToQueue(job.id(), null, "claimed by a server that stopped before the job started");
				logger.info("Job {} had not started when the server stopped; it is queued again", job.id());
				continue;
			}
			JobExecution ended = execution.get();
			if (ended.isRunning()) {
				ended = this.jobOperator.recover(ended);
				logger.info("Job {}: execution {} was left {} by a stopped server; it is now {}", job.id(),
						ended.getId(), execution.get().getStatus(), ended.getStatus());
				if (job.stopReason() == null || job.stopReason() == StopReason.SHUTDOWN) {
					this.queue.returnToQueue(job.id(), ended.getStatus(),
							"interrupted by a server crash; restarts from its last committed chunk");
					continue;
				}
			}
			this.runner.settle(job, ended, job.stopReason());
		}
	}

	/**
	 * The execution of the job's last run: the one recorded, or, when the server stopped before it could record it,
	 * the newest execution of the same job started since the job was claimed.
	 */
	private Optional<JobExecution> execution(OrchestratedJob job) {
		Long executionId = job.jobExecutionId();
		if (executionId != null) {
			return Optional.ofNullable(this.jobRepository.getJobExecution(executionId));
		}
		Instant claimedAt = job.startedAt();
		String model = job.targetModel();
		if (claimedAt == null || model == null) {
			return Optional.empty();
		}
		Optional<JobExecution> latest = (job.kind() == JobKind.REEMBED)
				? this.reembedLauncher.latestExecution(JobRunner.parameters(job))
				: this.backfillLauncher
					.latestExecution(new BackfillParameters(job.table(), job.clientId(), job.vectorType(), model, null));
		return latest.filter((candidate) -> candidate.getCreateTime() != null
				&& !candidate.getCreateTime().atZone(ZoneId.systemDefault()).toInstant().isBefore(claimedAt))
			.map((candidate) -> {
				JobExecution full = this.jobRepository.getJobExecution(candidate.getId());
				return (full != null) ? full : candidate;
			});
	}

}
