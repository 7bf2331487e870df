package io.reembed.orchestrator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reembed.config.ReembedProperties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the queue: at most {@code max-concurrent-jobs} jobs running at once, highest priority first, first queued
 * first within a priority; a job waits while another does the same work. One thread makes every decision, on a timer
 * and whenever a job is submitted or ends; each job runs on a thread of its own. Jobs running past the job timeout are stopped. When the server starts, jobs a
 * crash left running are recovered first; when it stops, running jobs are stopped and queued again.
 */
public final class JobScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(JobScheduler.class);

	/** Pending jobs looked at per decision: enough to find startable ones behind jobs that wait for others. */
	private static final int CANDIDATES = 200;

	private final JobQueue queue;

	private final JobRunner runner;

	private final JobRecovery recovery;

	private final ModelDrift modelDrift;

	private final ExecutionStopper stopper;

	private final ReembedProperties.Orchestrator properties;

	private final Clock clock;

	private final Map<Long, RunningJob> running = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService decisions;

	private volatile @Nullable ExecutorService jobs;

	JobScheduler(JobQueue queue, JobRunner runner, JobRecovery recovery, ModelDrift modelDrift,
			ExecutionStopper stopper, ReembedProperties.Orchestrator properties, Clock clock) {
		this.queue = queue;
		this.runner = runner;
		this.recovery = recovery;
		this.modelDrift = modelDrift;
		this.stopper = stopper;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public void start() {
		this.recovery.recover();
		if (this.properties.autoReembed()) {
			try {
				this.modelDrift.queueReembeds(this.properties.autoReembedPriority());
			}
			catch (RuntimeException ex) {
				// The queue does not depend on it: serve the jobs there are.
				logger.warn("Could not look for tables whose aliases serve another model than configured", ex);
			}
		}
		ScheduledExecutorService decisions = Executors.newSingleThreadScheduledExecutor(threads("reembed-scheduler"));
		this.jobs = Executors.newCachedThreadPool(threads("reembed-job-"));
		this.decisions = decisions;
		decisions.scheduleWithFixedDelay(this::tick, 0, this.properties.pollInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		logger.info("Scheduler started: at most {} jobs at once, each stopped after {}",
				this.properties.maxConcurrentJobs(), this.properties.jobTimeout());
	}

	/**
	 * Stops the running jobs at their next chunk boundary and queues them again at their place, so that the next
	 * start resumes them first.
	 */
	@Override
	public void stop() {
		ScheduledExecutorService decisions = this.decisions;
		ExecutorService jobs = this.jobs;
		this.decisions = null;
		if (decisions == null || jobs == null) {
			return;
		}
		decisions.shutdownNow();
		this.running.keySet().forEach((id) -> stop(id, StopReason.SHUTDOWN));
		jobs.shutdown();
		try {
			if (!jobs.awaitTermination(this.properties.shutdownWait().toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Jobs {} did not stop within {}; the next start recovers them", this.running.keySet(),
						this.properties.shutdownWait());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.decisions != null;
	}

	/** Looks at the queue now rather than at the next tick. */
	public void wake() {
		ScheduledExecutorService decisions = this.decisions;
		if (decisions != null) {
			try {
				decisions.execute(this::tick);
			}
			catch (RejectedExecutionException ex) {
				logger.debug("Scheduler is stopping", ex);
			}
		}
	}

	/**
	 * Asks a job this process runs to stop at its next chunk boundary; what it becomes depends on the reason.
	 * @return whether this process runs the job
	 */
	public boolean stop(long id, StopReason reason) {
		RunningJob job = this.running.get(id);
		if (job == null) {
			return false;
		}
		if (job.requestStop(reason)) {
			this.queue.requestStop(id, reason);
			logger.info("Job {} is asked to stop: {}", id, reason);
		}
		Long executionId = job.executionId();
		// Without an execution yet, the execution stops as it starts (see ExecutionTracker).
		if (executionId != null && this.stopper.stop(executionId)) {
			this.queue.batchStatus(id, BatchStatus.STOPPING);
		}
		return true;
	}

	/** Whether this process runs the job, and when it claimed it. */
	Optional<Instant> runningSince(long id) {
		return Optional.ofNullable(this.running.get(id)).map(RunningJob::startedAt);
	}

	private void tick() {
		try {
			Instant now = this.clock.instant();
			stopOverdueJobs(now);
			startJobs();
		}
		catch (RuntimeException ex) {
			logger.warn("Scheduler could not look at the queue; it tries again at the next tick", ex);
		}
	}

	private void stopOverdueJobs(Instant now) {
		Duration timeout = this.properties.jobTimeout();
		for (RunningJob job : this.running.values()) {
			if (job.stopReason() == null && job.startedAt().plus(timeout).isBefore(now)) {
				logger.warn("Job {} has run longer than {}: stopping it", job.id(), timeout);
				stop(job.id(), StopReason.TIMEOUT);
			}
		}
	}

	private void startJobs() {
		List<OrchestratedJob> running = new ArrayList<>(this.queue.inState(JobState.RUNNING));
		int free = this.properties.maxConcurrentJobs() - running.size();
		if (free <= 0) {
			return;
		}
		for (OrchestratedJob candidate : this.queue.next(CANDIDATES)) {
			ExecutorService jobs = this.jobs;
			if (free == 0 || jobs == null || this.decisions == null) {
				return;
			}
			// It waits for the job doing the same work: the launchers would refuse to run both at once.
			if (running.stream().anyMatch((job) -> sameWork(job, candidate))) {
				continue;
			}
			// Each claim at its own instant, so that the start times tell the order the jobs started in.
			Instant now = this.clock.instant();
			// Cancelled or claimed meanwhile: it is skipped.
			if (this.queue.claim(candidate.id(), now)) {
				RunningJob job = new RunningJob(candidate, now);
				this.running.put(job.id(), job);
				running.add(candidate);
				jobs.execute(() -> runAndRelease(job));
				free--;
			}
		}
	}

	/**
	 * Whether two jobs would run the same Spring Batch job instance: backfills of one client's table, vector type
	 * and model (a backfill whose model is still to be chosen may take the other's), or re-embeds of one client's
	 * table, which move the same alias.
	 */
	static boolean sameWork(OrchestratedJob one, OrchestratedJob other) {
		if (one.kind() != other.kind() || !one.table().equals(other.table())
				|| !one.clientId().equals(other.clientId())) {
			return false;
		}
		if (one.kind() == JobKind.REEMBED) {
			return true;
		}
		return one.vectorType().equals(other.vectorType()) && (one.targetModel() == null
				|| other.targetModel() == null || one.targetModel().equals(other.targetModel()));
	}

	private void runAndRelease(RunningJob job) {
		try {
			this.runner.run(job);
		}
		catch (RuntimeException ex) {
			logger.error("Job {} could not be recorded as ended", job.id(), ex);
		}
		finally {
			this.running.remove(job.id());
			wake();
		}
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable,
					prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
			thread.setDaemon(true);
			return thread;
		};
	}

}
