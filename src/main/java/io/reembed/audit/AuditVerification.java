package io.reembed.audit;

import org.jspecify.annotations.Nullable;

/**
 * What verifying the audit log found.
 *
 * @param entries how many entries were read
 * @param headHash the hash of the last entry read ({@link AuditChain#GENESIS} when there is none): kept elsewhere,
 * it shows later whether entries were cut off the end, which the chain alone cannot show
 * @param firstBreak the first entry where the chain is broken, or {@code null} when it is intact
 */
public record AuditVerification(long entries, String headHash, @Nullable AuditBreak firstBreak) {

	public boolean intact() {
		return this.firstBreak == null;
	}

}
