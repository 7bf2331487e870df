package io.reembed.remote;

import java.util.function.Consumer;

import io.reembed.config.ReembedProperties.Remote;

import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.integration.partition.StepExecutionRequest;

/**
 * Makes the partition handler of each partitioned step when remote partitioning is on: its partitions go to the
 * workers instead of this process's threads.
 */
public final class RemotePartitionHandlers {

	private final Consumer<StepExecutionRequest> requests;

	private final JobRepository jobRepository;

	private final Remote settings;

	private final Staleness staleness;

	RemotePartitionHandlers(Consumer<StepExecutionRequest> requests, JobRepository jobRepository, Remote settings,
			Staleness staleness) {
		this.requests = requests;
		this.jobRepository = jobRepository;
		this.settings = settings;
		this.staleness = staleness;
	}

	/** A handler whose workers run {@code partitionStep} on each partition. */
	public PartitionHandler handler(Step partitionStep, int gridSize) {
		return new RemotePartitionHandler(partitionStep.getName(), gridSize, this.requests, this.jobRepository,
				this.settings.timeout(), this.settings.pollInterval(), this.staleness);
	}

}
