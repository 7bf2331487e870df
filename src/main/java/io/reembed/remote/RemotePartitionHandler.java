package io.reembed.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.partition.support.AbstractPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * The manager's side of a partitioned step: sends one request per partition to the workers' queue, then reads the
 * partitions' step executions from the JobRepository until none is running. A partition whose worker went silent
 * for the staleness limit has its request sent again, for another worker to take over; partitions still running
 * at the timeout are marked FAILED, so that the step fails and a restart runs them again rather than finding them
 * STARTED.
 */
final class RemotePartitionHandler extends AbstractPartitionHandler {

	private static final Logger logger = LoggerFactory.getLogger(RemotePartitionHandler.class);

	private final String stepName;

	private final Consumer<StepExecutionRequest> requests;

	private final JobRepository jobRepository;

	private final Duration timeout;

	private final Duration pollInterval;

	private final Staleness staleness;

	RemotePartitionHandler(String stepName, int gridSize, Consumer<StepExecutionRequest> requests,
			JobRepository jobRepository, Duration timeout, Duration pollInterval, Staleness staleness) {
		this.stepName = stepName;
		this.requests = requests;
		this.jobRepository = jobRepository;
		this.timeout = timeout;
		this.pollInterval = pollInterval;
		this.staleness = staleness;
		setGridSize(gridSize);
	}

	@Override
	protected Set<StepExecution> doHandle(StepExecution managerStepExecution, Set<StepExecution> partitions)
			throws Exception {
		Clock clock = this.staleness.clock();
		Map<Long, Instant> sentAt = new HashMap<>();
		for (StepExecution partition : partitions) {
			send(partition, sentAt, clock);
		}
		logger.info("Sent {} partitions of step '{}' to the workers", partitions.size(),
				managerStepExecution.getStepName());
		Instant deadline = clock.instant().plus(this.timeout);
		Map<Long, Integer> handedBackVersions = new HashMap<>();
		while (true) {
			Set<StepExecution> current = reload(managerStepExecution, partitions);
			Set<StepExecution> running = new LinkedHashSet<>();
			for (StepExecution partition : current) {
				if (PartitionRequestWorker.isHandedBack(partition)) {
					running.add(partition);
					// Once for each hand-back: the version moves on with every update of the partition.
					if (!partition.getVersion().equals(handedBackVersions.put(partition.getId(), partition.getVersion()))) {
						logger.info("Partition {} (step execution {}) was handed back by a stopping worker; sending "
								+ "its request again", partition.getStepName(), partition.getId());
						send(partition, sentAt, clock);
					}
				}
				else if (partition.getStatus().isRunning()) {
					running.add(partition);
				}
			}
			if (running.isEmpty()) {
				return refresh(partitions, current);
			}
			if (clock.instant().isAfter(deadline)) {
				for (StepExecution partition : running) {
					failForTimeout(managerStepExecution, partition);
				}
				return refresh(partitions, reload(managerStepExecution, partitions));
			}
			for (StepExecution partition : running) {
				if (this.staleness.isAbandoned(partition) && this.staleness
					.isOlderThanLimit(LocalDateTime.ofInstant(sentAt.get(partition.getId()), clock.getZone()))) {
					logger.warn("Partition {} (step execution {}) has not committed for {}: its worker counts as dead,"
							+ " and its request is sent again for another worker to take over",
							partition.getStepName(), partition.getId(), this.staleness.limit());
					send(partition, sentAt, clock);
				}
			}
			Thread.sleep(this.pollInterval.toMillis());
		}
	}

	private void send(StepExecution partition, Map<Long, Instant> sentAt, Clock clock) {
		this.requests.accept(new StepExecutionRequest(this.stepName, partition.getId()));
		sentAt.put(partition.getId(), clock.instant());
	}

	private Set<StepExecution> reload(StepExecution managerStepExecution, Set<StepExecution> partitions) {
		Set<StepExecution> current = new LinkedHashSet<>();
		for (StepExecution partition : partitions) {
			StepExecution stored = this.jobRepository.getStepExecution(managerStepExecution.getJobExecutionId(),
					partition.getId());
			current.add((stored != null) ? stored : partition);
		}
		return current;
	}

	/**
	 * The job execution this process holds has the partitions as they were sent; what the workers made of them is
	 * copied in, so that whatever reports on the execution here (the command line's summary, listeners) sees it.
	 */
	private static Set<StepExecution> refresh(Set<StepExecution> partitions, Set<StepExecution> stored) {
		Map<Long, StepExecution> byId = new HashMap<>();
		stored.forEach((execution) -> byId.put(execution.getId(), execution));
		for (StepExecution partition : partitions) {
			StepExecution source = byId.get(partition.getId());
			if (source == null || source == partition) {
				continue;
			}
			partition.setStatus(source.getStatus());
			partition.setExitStatus(source.getExitStatus());
			partition.setStartTime(source.getStartTime());
			partition.setEndTime(source.getEndTime());
			partition.setLastUpdated(source.getLastUpdated());
			partition.setReadCount(source.getReadCount());
			partition.setWriteCount(source.getWriteCount());
			partition.setFilterCount(source.getFilterCount());
			partition.setCommitCount(source.getCommitCount());
			partition.setRollbackCount(source.getRollbackCount());
			partition.setReadSkipCount(source.getReadSkipCount());
			partition.setProcessSkipCount(source.getProcessSkipCount());
			partition.setWriteSkipCount(source.getWriteSkipCount());
			partition.setExecutionContext(source.getExecutionContext());
			partition.setVersion(source.getVersion());
		}
		return partitions;
	}

	/**
	 * A worker that is alive after all fails its next commit on the version this update moves on, and stops there;
	 * what it wrote before was written by key, so the restart writes it again harmlessly.
	 */
	private void failForTimeout(StepExecution managerStepExecution, StepExecution partition) {
		String reason = "no worker finished partition " + partition.getStepName() + " within " + this.timeout;
		for (int attempt = 1;; attempt++) {
			StepExecution stored = this.jobRepository.getStepExecution(managerStepExecution.getJobExecutionId(),
					partition.getId());
			if (stored == null || (!stored.getStatus().isRunning() && !PartitionRequestWorker.isHandedBack(stored))) {
				return;
			}
			stored.setStatus(BatchStatus.FAILED);
			stored.setExitStatus(ExitStatus.FAILED.addExitDescription(reason));
			stored.setEndTime(LocalDateTime.now(this.staleness.clock()));
			try {
				this.jobRepository.update(stored);
				logger.error("Partition {} (step execution {}) marked FAILED: {}", partition.getStepName(),
						partition.getId(), reason);
				return;
			}
			catch (OptimisticLockingFailureException ex) {
				if (attempt == 3) {
					throw ex;
				}
				// A worker committed meanwhile: look again.
			}
		}
	}

}
