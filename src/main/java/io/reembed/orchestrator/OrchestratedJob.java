package io.reembed.orchestrator;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;

/**
 * A job of the orchestrator, as its queue row holds it.
 *
 * @param id the job's id
 * @param kind backfill or re-embed
 * @param table configured table name
 * @param clientId tenant
 * @param sourceModel for a re-embed, the model it moves from
 * @param targetModel the model it embeds with; a backfill submitted without one has it once it started
 * @param vectorType which text template is embedded
 * @param priority where it is in the queue
 * @param state where it is in its life
 * @param batchStatus the Spring Batch status of its latest execution, once it has one
 * @param submittedAt when it was submitted
 * @param queuedAt when it was last queued: its place within its priority
 * @param startedAt when it was last claimed by the scheduler
 * @param endedAt when it last ended
 * @param jobExecutionId its latest Spring Batch job execution
 * @param stopReason why the orchestrator asked it to stop, while it stops and after
 * @param reason why it failed or was cancelled
 */
public record OrchestratedJob(long id, JobKind kind, String table, String clientId, @Nullable String sourceModel,
		@Nullable String targetModel, String vectorType, Priority priority, JobState state,
		@Nullable BatchStatus batchStatus, Instant submittedAt, Instant queuedAt, @Nullable Instant startedAt,
		@Nullable Instant endedAt, @Nullable Long jobExecutionId, @Nullable StopReason stopReason,
		@Nullable String reason) {

}
