package io.reembed.orchestrator;

import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Ties a job execution to the orchestrator's job that launched it, as soon as it starts: the launchers run a job in
 * the calling thread and return its execution only at the end, but a running job must be stoppable, and its
 * execution known to a recovery after a crash, from its first moment.
 */
final class ExecutionTracker implements JobExecutionListener {

	private final ThreadLocal<@Nullable RunningJob> current = new ThreadLocal<>();

	private final JobQueue queue;

	private final ExecutionStopper stopper;

	ExecutionTracker(JobQueue queue, ExecutionStopper stopper) {
		this.queue = queue;
		this.stopper = stopper;
	}

	/** Runs a launch in this thread, for this job. */
	<T> T track(RunningJob job, Callable<T> launch) throws Exception {
		this.current.set(job);
		try {
			return launch.call();
		}
		finally {
			this.current.remove();
		}
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		RunningJob job = this.current.get();
		if (job == null) {
			return;
		}
		job.executionStarted(jobExecution.getId());
		this.queue.started(job.id(), jobExecution.getId(), jobExecution.getStatus());
		if (job.stopReason() != null && this.stopper.stop(jobExecution.getId())) {
			this.queue.batchStatus(job.id(), BatchStatus.STOPPING);
		}
	}

}
