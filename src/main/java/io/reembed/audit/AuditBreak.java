package io.reembed.audit;

/**
 * Where the audit log's chain is broken first.
 *
 * @param entryId the entry that was changed, is missing, or no longer links to the one before it
 * @param reason what is wrong with it
 */
public record AuditBreak(long entryId, String reason) {

	@Override
	public String toString() {
		return "entry " + this.entryId + " " + this.reason;
	}

}
