package io.reembed.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.reembed.job.DeadLetters;
import io.reembed.orchestrator.JobDetails;
import io.reembed.orchestrator.OrchestratedJob;
import org.jspecify.annotations.Nullable;

/**
 * A job as the REST API shows it: its lifecycle status (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED) with the
 * Spring Batch status of its latest execution alongside.
 *
 * @param id the job's id
 * @param kind {@code backfill} or {@code reembed}
 * @param table configured table name
 * @param client tenant id
 * @param sourceModel for a re-embed, the model it moves from
 * @param targetModel the model it embeds with
 * @param vectorType which text template is embedded
 * @param priority its priority
 * @param status its lifecycle status
 * @param batchStatus the Spring Batch status of its latest execution
 * @param submittedAt when it was submitted
 * @param startedAt when it last started
 * @param endedAt when it last ended
 * @param jobExecutionId its latest Spring Batch job execution
 * @param stopRequested why it was asked to stop: {@code cancel}, {@code timeout} or {@code shutdown}
 * @param reason why it failed or was cancelled
 * @param progress rows done, rate and time left (details only)
 * @param steps the steps and partitions of its latest execution (details only)
 * @param errors why steps failed (details only)
 * @param deadLetters the first rows it dead-lettered (details only)
 * @param deadLetterCount every row it dead-lettered (details only)
 * @param qualityReport a re-embed's quality report (details only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(long id, String kind, String table, String client, @Nullable String sourceModel,
		@Nullable String targetModel, String vectorType, String priority, String status, @Nullable String batchStatus,
		Instant submittedAt, @Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable Long jobExecutionId,
		@Nullable String stopRequested, @Nullable String reason, JobDetails.@Nullable Progress progress,
		@Nullable List<JobDetails.StepState> steps, @Nullable List<String> errors,
		@Nullable List<DeadLetterView> deadLetters, @Nullable Long deadLetterCount, @Nullable String qualityReport) {

	static JobView of(OrchestratedJob job) {
		return new JobView(job.id(), job.kind().value(), job.table(), job.clientId(), job.sourceModel(),
				job.targetModel(), job.vectorType(), job.priority().name(), job.state().name(),
				(job.batchStatus() != null) ? job.batchStatus().name() : null, job.submittedAt(), job.startedAt(),
				job.endedAt(), job.jobExecutionId(),
				(job.stopReason() != null) ? job.stopReason().name().toLowerCase(Locale.ROOT) : null,
				job.reason(), null, null, null, null, null, null);
	}

	static JobView of(JobDetails details) {
		JobView job = of(details.job());
		return new JobView(job.id(), job.kind(), job.table(), job.client(), job.sourceModel(), job.targetModel(),
				job.vectorType(), job.priority(), job.status(),
				(details.batchStatus() != null) ? details.batchStatus().name() : job.batchStatus(), job.submittedAt(),
				job.startedAt(), job.endedAt(), job.jobExecutionId(), job.stopRequested(), job.reason(),
				details.progress(), details.steps(), details.errors(),
				details.deadLetters().stream().map(DeadLetterView::of).toList(), details.deadLetterCount(),
				details.qualityReport());
	}

	/**
	 * A row a job could not embed.
	 *
	 * @param jobExecutionId the execution that gave up on it
	 * @param recordId the row's primary key
	 * @param vectorType the vector type that could not be embedded
	 * @param reason why
	 * @param createdAt when
	 */
	record DeadLetterView(long jobExecutionId, String recordId, String vectorType, String reason, Instant createdAt) {

		static DeadLetterView of(DeadLetters.DeadLetter deadLetter) {
			return new DeadLetterView(deadLetter.jobExecutionId(), deadLetter.recordId(), deadLetter.vectorType(),
					deadLetter.reason(), deadLetter.createdAt());
		}

	}

}
