package io.reembed.orchestrator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A job to queue, its names already checked (see {@link JobRequestValidator}).
 *
 * @param kind backfill or re-embed
 * @param table configured table name
 * @param clientId tenant whose rows the job embeds
 * @param sourceModel for a re-embed, the model the client's alias serves now; none for a backfill
 * @param targetModel the model to embed with; for a backfill without one, the model is chosen when the job starts,
 * as the command line chooses it
 * @param vectorType which text template is embedded (for a re-embed, measured by the quality gate)
 * @param priority where the job goes in the queue
 */
public record JobRequest(JobKind kind, String table, String clientId, @Nullable String sourceModel,
		@Nullable String targetModel, String vectorType, Priority priority) {

	public JobRequest {
		Assert.hasText(table, "table must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(vectorType, "vectorType must not be empty");
		if (kind == JobKind.REEMBED) {
			Assert.hasText(sourceModel, "sourceModel of a re-embed must not be empty");
			Assert.hasText(targetModel, "targetModel of a re-embed must not be empty");
		}
	}

}
