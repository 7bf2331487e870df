package io.reembed.web;

import java.util.Locale;
import java.util.StringJoiner;

import io.reembed.audit.AuditAction;
import io.reembed.audit.AuditEvent;
import io.reembed.audit.AuditLog;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.OrchestratedJob;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.orchestrator.StopReason;
import io.reembed.web.security.TenantAccess;
import org.jspecify.annotations.Nullable;

/**
 * Records in the audit log what a request to the API changed, in the name of the request's token. The details name
 * the job's settings and states, which come from the configuration and the queue: never a row's text or a token.
 */
final class ApiAudit {

	private final AuditLog auditLog;

	private final TenantAccess access;

	ApiAudit(AuditLog auditLog, TenantAccess access) {
		this.auditLog = auditLog;
		this.access = access;
	}

	void submitted(long id, JobRequest request) {
		StringJoiner details = new StringJoiner(", ");
		details.add("kind=" + request.kind().value());
		details.add("vectorType=" + request.vectorType());
		add(details, "sourceModel", request.sourceModel());
		add(details, "targetModel", request.targetModel());
		details.add("priority=" + request.priority().name());
		record(AuditAction.SUBMIT, request.clientId(), request.table(), id, details.toString());
	}

	/**
	 * @param before the job as it was when it was cancelled
	 * @param after the job as the cancel left it: CANCELLED when it was queued, still RUNNING while it stops
	 */
	void cancelled(OrchestratedJob before, OrchestratedJob after) {
		record(AuditAction.CANCEL, after.clientId(), after.table(), after.id(), transition(before, after));
	}

	/**
	 * @param before the job as it was when it was restarted
	 * @param after the job as the restart left it: PENDING, or RUNNING once the scheduler took it
	 */
	void restarted(OrchestratedJob before, OrchestratedJob after) {
		record(AuditAction.RESTART, after.clientId(), after.table(), after.id(), transition(before, after));
	}

	void rolledBack(Orchestrator.Rollback rollback) {
		record(AuditAction.ROLLBACK, rollback.clientId(), rollback.table(), null,
				"alias=" + rollback.alias() + ", from=" + rollback.from() + ", to=" + rollback.to());
	}

	private void record(AuditAction action, String clientId, String table, @Nullable Long jobId, String details) {
		this.auditLog.record(new AuditEvent(this.access.actor(), action, clientId, table,
				(jobId != null) ? jobId.toString() : null, details));
	}

	/**
	 * In the names the API gives the fields, e.g. {@code previousStatus=RUNNING, status=RUNNING, stopRequested=cancel}
	 * for a running job asked to stop.
	 */
	private static String transition(OrchestratedJob before, OrchestratedJob after) {
		StringJoiner details = new StringJoiner(", ");
		details.add("previousStatus=" + before.state().name());
		details.add("status=" + after.state().name());
		StopReason stopReason = after.stopReason();
		if (stopReason != null) {
			details.add("stopRequested=" + stopReason.name().toLowerCase(Locale.ROOT));
		}
		return details.toString();
	}

	private static void add(StringJoiner details, String name, @Nullable String value) {
		if (value != null) {
			details.add(name + "=" + value);
		}
	}

}
