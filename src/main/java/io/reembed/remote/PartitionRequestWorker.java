package io.reembed.remote;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * The worker's side: runs the partition a request names, in the calling thread, so that the request is acknowledged
 * only once the step has ended. A request comes more than once when the broker redelivers it or the manager sends it
 * again; only a partition nobody has started, or one whose worker went silent, is run; the others are finished or
 * in live hands, and the request is dropped.
 */
final class PartitionRequestWorker {

	private static final Logger logger = LoggerFactory.getLogger(PartitionRequestWorker.class);

	private final JobRepository jobRepository;

	private final Map<String, Step> steps;

	private final Staleness staleness;

	PartitionRequestWorker(JobRepository jobRepository, Map<String, Step> steps, Staleness staleness) {
		this.jobRepository = jobRepository;
		this.steps = Map.copyOf(steps);
		this.staleness = staleness;
	}

	/** What became of a request. */
	enum Outcome {

		/** The partition ran here, to whatever end. */
		RAN,
		/** The partition had ended, or a live worker runs it. */
		DISCARDED

	}

	Outcome handle(StepExecutionRequest request) {
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
		try {
			step.execute(execution);
		}
		catch (Exception ex) {
			// The step records its own failures; this is one it could not record, such as a lost JobRepository.
			logger.error("Partition {} (step execution {}) ended in an error the step could not record",
					execution.getStepName(), execution.getId(), ex);
			return;
		}
		logger.info("Partition {} (step execution {}) ended {}: {} read, {} written", execution.getStepName(),
				execution.getId(), execution.getStatus(), execution.getReadCount(), execution.getWriteCount());
	}

}
