package io.reembed.webhook;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

import io.reembed.cli.FailureReasons;
import io.reembed.cli.RowCounts;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ReembedParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * How a job execution ended, as a webhook posts it.
 *
 * @param executionId id of the job execution
 * @param instanceId id of the job instance, shared by an execution and its restarts
 * @param kind {@code backfill} or {@code reembed}
 * @param table configured table name, if the job named one
 * @param clientId tenant whose rows the job embedded, if it named one
 * @param vectorType vector type embedded, if the job named one
 * @param model registry name of the model embedded with (a re-embed's target model), if the job named one
 * @param sourceModel a re-embed's source model
 * @param status Spring Batch status: COMPLETED, FAILED or STOPPED
 * @param exitCode Spring Batch exit code
 * @param counts what the execution did with the rows
 * @param reason why the execution did not complete, in one line; absent when it completed
 * @param createdAt when the execution was created
 * @param startedAt when it started, if it did
 * @param endedAt when it ended
 */
public record JobEvent(long executionId, long instanceId, String kind, @Nullable String table,
		@Nullable String clientId, @Nullable String vectorType, @Nullable String model, @Nullable String sourceModel,
		String status, String exitCode, Counts counts, @Nullable String reason, @Nullable Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant endedAt) {

	/**
	 * What an execution did with the rows of its scope.
	 *
	 * @param read rows read
	 * @param embedded rows embedded and stored
	 * @param deadLettered rows dead-lettered with their reason
	 * @param unchanged rows an incremental run left out: their text had not changed since they were embedded
	 */
	public record Counts(long read, long embedded, long deadLettered, long unchanged) {
	}

	/** The event of an ended execution, read at once: the execution goes on changing after its listeners ran. */
	public static JobEvent of(JobExecution execution) {
		JobParameters parameters = execution.getJobParameters();
		RowCounts rows = RowCounts.of(execution);
		return new JobEvent(execution.getId(), execution.getJobInstance().getInstanceId(),
				execution.getJobInstance().getJobName(), parameters.getString(BackfillParameters.TABLE),
				parameters.getString(BackfillParameters.CLIENT_ID),
				parameters.getString(BackfillParameters.VECTOR_TYPE),
				parameters.getString(BackfillParameters.MODEL), parameters.getString(ReembedParameters.SOURCE_MODEL),
				execution.getStatus().name(), execution.getExitStatus().getExitCode(),
				new Counts(rows.read(), rows.written(), rows.skipped(), rows.unchanged()),
				(execution.getStatus() != BatchStatus.COMPLETED) ? FailureReasons.of(execution) : null,
				instant(execution.getCreateTime()), instant(execution.getStartTime()),
				instant(execution.getEndTime()));
	}

	/** The event's name: {@code job.completed}, {@code job.failed} or {@code job.stopped}. */
	public String event() {
		return "job." + this.status.toLowerCase(Locale.ROOT);
	}

	private static @Nullable Instant instant(@Nullable LocalDateTime time) {
		// Spring Batch records local times of this machine's zone.
		return (time != null) ? time.atZone(ZoneId.systemDefault()).toInstant() : null;
	}

}
