package io.reembed.remote;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.ImmediateRequeueAmqpException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.context.SmartLifecycle;

/**
 * The worker's side: runs the partition a request names, in the calling thread, so that the request is acknowledged
 * only once the step has ended. A request comes more than once when the broker redelivers it or the manager sends it
 * again; only a partition nobody has started, one whose worker went silent, or one a stopping worker handed back is
 * run; the others are finished or in live hands, and the request is dropped.
 * <p>
 * When the worker is stopped it takes no more requests and asks its running partitions to stop at their next chunk
 * boundary; each then ends STOPPED with the exit code {@value #HANDED_BACK}, which tells the manager to send it again
 * and the next worker to run it on from that commit. Its lifecycle stops before the listener container's, so the
 * partitions end while their requests can still be acknowledged.
 */
final class PartitionRequestWorker implements SmartLifecycle {

	/** Exit code of a partition that a stopping worker ended at a chunk boundary for another worker to finish. */
	static final String HANDED_BACK = "HANDED_BACK";

	private static final Logger logger = LoggerFactory.getLogger(PartitionRequestWorker.class);

	private final JobRepository jobRepository;

	private final Map<String, Step> steps;

	private final Staleness staleness;

	private final Duration shutdownWait;

	private final Set<StepExecution> running = ConcurrentHashMap.newKeySet();

	/**
	 * True from the start: the listener container starts before this lifecycle (which must stop before it), and the
	 * first requests may come in between.
	 */
	private volatile boolean accepting = true;

	private volatile boolean started;

	PartitionRequestWorker(JobRepository jobRepository, Map<String, Step> steps, Staleness staleness,
			Duration shutdownWait) {
		this.jobRepository = jobRepository;
		this.steps = Map.copyOf(steps);
		this.staleness = staleness;
		this.shutdownWait = shutdownWait;
	}

	/** What became of a request. */
	enum Outcome {

		/** The partition ran here, to whatever end. */
		RAN,
		/** The partition had ended, or a live worker runs it. */
		DISCARDED

	}

	static boolean isHandedBack(StepExecution execution) {
		return execution.getStatus() == BatchStatus.STOPPED
				&& HANDED_BACK.equals(execution.getExitStatus().getExitCode());
	}

	Outcome handle(StepExecutionRequest request) {
		if (!this.accepting) {
			throw new ImmediateRequeueAmqpException("This worker is stopping; step execution "
					+ request.getStepExecutionId() + " goes back to the queue");
		}
		Step step = this.steps.get(request.getStepName());
		if (step == null) {
			throw new IllegalArgumentException("No step '" + request.getStepName() + "' here to run step execution "
					+ request.getStepExecutionId() + "; this worker has the steps " + this.steps.keySet());
		}
		StepExecution execution = this.jobRepository.getStepExecution(request.getStepExecutionId());
		if (execution == null) {
			logger.warn("Discarded the request for step execution {}: the JobRepository has no such execution",
					request.getStepExecutionId());
			return Outcome.DISCARDED;
		}
		BatchStatus status = execution.getStatus();
		if (status == BatchStatus.STARTED) {
			if (!this.staleness.isAbandoned(execution)) {
				logger.info("Discarded a request for partition {} (step execution {}): a live worker runs it",
						execution.getStepName(), execution.getId());
				return Outcome.DISCARDED;
			}
			logger.warn("Taking over partition {} (step execution {}): its worker has not committed since {}",
					execution.getStepName(), execution.getId(), execution.getLastUpdated());
		}
		else if (isHandedBack(execution)) {
			logger.info("Taking over partition {} (step execution {}): a stopping worker handed it back",
					execution.getStepName(), execution.getId());
		}
		else if (status != BatchStatus.STARTING) {
			logger.info("Discarded a request for partition {} (step execution {}): it is {} already",
					execution.getStepName(), execution.getId(), status);
			return Outcome.DISCARDED;
		}
		run(step, execution);
		return Outcome.RAN;
	}

	private void run(Step step, StepExecution execution) {
		logger.info("Running partition {} (step execution {}) of job execution {}", execution.getStepName(),
				execution.getId(), execution.getJobExecutionId());
		// Running until the hand-back is recorded: a stopping worker waits for this set to empty before it closes
		// the JobRepository.
		this.running.add(execution);
		try {
			try {
				step.execute(execution);
			}
			catch (Exception ex) {
				// The step records its own failures; this is one it could not record, such as a lost JobRepository.
				logger.error("Partition {} (step execution {}) ended in an error the step could not record",
						execution.getStepName(), execution.getId(), ex);
				return;
			}
			if (!this.accepting && execution.getStatus() == BatchStatus.STOPPED && !isJobStopping(execution)) {
				execution.setExitStatus(new ExitStatus(HANDED_BACK, "handed back by a worker that was stopped"));
				this.jobRepository.update(execution);
				logger.info("Handed partition {} (step execution {}) back after {} rows read",
						execution.getStepName(), execution.getId(), execution.getReadCount());
				return;
			}
			logger.info("Partition {} (step execution {}) ended {}: {} read, {} written", execution.getStepName(),
					execution.getId(), execution.getStatus(), execution.getReadCount(), execution.getWriteCount());
		}
		finally {
			this.running.remove(execution);
		}
	}

	/** Whether the job itself is being stopped, in which case its partitions stay stopped. */
	private boolean isJobStopping(StepExecution execution) {
		JobExecution job = this.jobRepository.getJobExecution(execution.getJobExecutionId());
		return job != null && (job.getStatus() == BatchStatus.STOPPING || job.getStatus() == BatchStatus.STOPPED);
	}

	@Override
	public void start() {
		this.started = true;
	}

	@Override
	public void stop() {
		this.started = false;
		this.accepting = false;
		if (this.running.isEmpty()) {
			return;
		}
		logger.info("Stopping: {} partitions end at their next chunk boundary and are handed back",
				this.running.size());
		this.running.forEach(StepExecution::setTerminateOnly);
		long deadline = System.nanoTime() + this.shutdownWait.toNanos();
		while (!this.running.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		if (!this.running.isEmpty()) {
			logger.warn("{} partitions did not reach a chunk boundary within {}; they are taken over once stale",
					this.running.size(), this.shutdownWait);
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	/** Before the listener container, which waits for the listeners this stops. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
