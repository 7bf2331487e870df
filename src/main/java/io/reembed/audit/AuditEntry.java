package io.reembed.audit;

import java.time.Instant;

/**
 * An entry of the audit log, as stored.
 *
 * @param id its position in the chain, from 1
 * @param recordedAt when it was recorded, to the microsecond
 * @param event what happened
 * @param previousHash the hash of the entry before, or {@link AuditChain#GENESIS} for the first
 * @param hash the SHA-256 of its canonical content and the previous hash, see {@link AuditChain}
 */
public record AuditEntry(long id, Instant recordedAt, AuditEvent event, String previousHash, String hash) {

}
