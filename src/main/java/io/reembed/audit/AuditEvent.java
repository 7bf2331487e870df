package io.reembed.audit;

import org.jspecify.annotations.Nullable;

/**
 * What happened, as the caller of {@link AuditLog#record} tells it. Nothing here may hold a secret or a row's
 * text: the log is read by operators.
 *
 * @param actor who did it: the name of the API token
 * @param action what was done
 * @param clientId the client it was done for, if one
 * @param table the table it concerns, if one
 * @param jobId the job it concerns, if one
 * @param details anything else worth keeping, e.g. the models and priority of a submit; at most
 * {@value AuditLog#MAX_DETAILS_LENGTH} characters are kept
 */
public record AuditEvent(String actor, AuditAction action, @Nullable String clientId, @Nullable String table,
		@Nullable String jobId, @Nullable String details) {

}
