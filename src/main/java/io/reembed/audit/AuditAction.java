package io.reembed.audit;

/**
 * What the audit log records.
 */
public enum AuditAction {

	/** A job was submitted. */
	SUBMIT,

	/** A job was cancelled, running or queued. */
	CANCEL,

	/** A failed or stopped job was restarted. */
	RESTART,

	/** A table's aliases were pointed back at the collections they served before. */
	ROLLBACK

}
