package io.reembed.web;

import java.util.List;

import io.reembed.job.BackfillParameters;
import io.reembed.job.ServedModels;
import io.reembed.orchestrator.InvalidJobRequestException;
import io.reembed.orchestrator.JobKind;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.Priority;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * A job as {@code POST /api/jobs} takes it. Every field may be missing from the JSON; {@link #toRequests} names
 * the ones a job cannot do without.
 *
 * @param kind {@code backfill} or {@code reembed}
 * @param table configured table name
 * @param namespace the design notes' name of the table; a re-embed of a namespace without a client moves every
 * client whose alias of the table serves the source model
 * @param client tenant id
 * @param sourceModel for a re-embed, the model the client's alias serves now
 * @param targetModel the model to embed with; a backfill without one embeds with the model its alias serves, or
 * the one chosen for a new collection
 * @param vectorType which text template is embedded; {@code content} by default
 * @param priority {@code LOW}, {@code MEDIUM} (the default), {@code HIGH} or {@code CRITICAL}
 */
record JobSubmission(@Nullable String kind, @Nullable String table, @Nullable String namespace,
		@Nullable String client,
		@Nullable String sourceModel, @Nullable String targetModel, @Nullable String vectorType,
		@Nullable String priority) {

	/**
	 * The jobs submitted: one, or for a re-embed of a namespace without a client, one per client whose alias of the
	 * table serves the source model.
	 * @param servedModels which model each client's alias serves
	 * @throws InvalidJobRequestException naming a missing or malformed field, or a namespace no client to move
	 */
	List<JobRequest> toRequests(ServedModels servedModels) {
		if (StringUtils.hasText(this.client) || !JobKind.REEMBED.name().equalsIgnoreCase(String.valueOf(this.kind))) {
			return List.of(toRequest(this.client));
		}
		String source = required("sourceModel", this.sourceModel,
				"the model the clients' aliases serve, e.g. all-minilm-l6-v2");
		String tableName = tableName();
		List<String> clients = servedModels.clientsServing(tableName, source);
		if (clients.isEmpty()) {
			throw new InvalidJobRequestException("No client's alias of table '" + tableName + "' serves model '"
					+ source + "': give 'client', or the model the aliases serve");
		}
		return clients.stream().map(this::toRequest).toList();
	}

	private JobRequest toRequest(@Nullable String clientOrNull) {
		JobKind jobKind = JobKind.parse(required("kind", this.kind, "backfill or reembed"));
		String tableName = tableName();
		String clientId = required("client", clientOrNull, "e.g. 42");
		if (jobKind == JobKind.REEMBED) {
			required("sourceModel", this.sourceModel, "the model the client's alias serves, e.g. all-minilm-l6-v2");
			required("targetModel", this.targetModel, "the model to move to, e.g. bge-small-en-v15");
		}
		else if (StringUtils.hasText(this.sourceModel)) {
			throw new InvalidJobRequestException(
					"Field 'sourceModel' applies to re-embeds only; a backfill embeds with 'targetModel'");
		}
		return new JobRequest(jobKind, tableName, clientId, trimmed(this.sourceModel), trimmed(this.targetModel),
				StringUtils.hasText(this.vectorType) ? this.vectorType.trim()
						: BackfillParameters.DEFAULT_VECTOR_TYPE,
				StringUtils.hasText(this.priority) ? Priority.parse(this.priority) : Priority.MEDIUM);
	}

	private String tableName() {
		if (StringUtils.hasText(this.table) && StringUtils.hasText(this.namespace)
				&& !this.table.trim().equals(this.namespace.trim())) {
			throw new InvalidJobRequestException("Fields 'table' and 'namespace' name the same thing: give one of them");
		}
		return required("table", StringUtils.hasText(this.table) ? this.table : this.namespace,
				"e.g. issues (or 'namespace')");
	}

	private static String required(String field, @Nullable String value, String example) {
		if (!StringUtils.hasText(value)) {
			throw new InvalidJobRequestException("Field '" + field + "' is required: " + example);
		}
		return value.trim();
	}

	private static @Nullable String trimmed(@Nullable String value) {
		return StringUtils.hasText(value) ? value.trim() : null;
	}

}
