package io.reembed.remote;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.util.Assert;

/**
 * When a STARTED partition counts as abandoned: its worker commits a chunk, and so updates the step execution, far
 * more often than the limit, so a step execution left alone longer than that has no live worker. Step executions
 * record their last update in the local time of the process that wrote it, which is what this compares against.
 */
record Staleness(Duration limit, Clock clock) {

	Staleness {
		Assert.isTrue(!limit.isNegative() && !limit.isZero(), "limit must be positive");
	}

	/** Whether the step execution is STARTED and has not been updated within the limit. */
	boolean isAbandoned(StepExecution execution) {
		return execution.getStatus() == BatchStatus.STARTED && isOlderThanLimit(lastWritten(execution));
	}

	boolean isOlderThanLimit(@Nullable LocalDateTime time) {
		return time == null || time.isBefore(LocalDateTime.now(this.clock).minus(this.limit));
	}

	private static @Nullable LocalDateTime lastWritten(StepExecution execution) {
		return (execution.getLastUpdated() != null) ? execution.getLastUpdated() : execution.getStartTime();
	}

}
