package io.reembed.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log, in the table {@code reembed_audit_log}: every submit, cancel, restart and rollback, each entry
 * carrying its own hash and the hash of the entry before it (see {@link AuditChain}), so that a changed, deleted or
 * reordered entry shows.
 */
public final class AuditLog {

	/** Longest details kept; longer ones are cut to this before they are hashed. */
	public static final int MAX_DETAILS_LENGTH = 2000;

	private static final Logger logger = LoggerFactory.getLogger(AuditLog.class);

	private static final int MAX_ATTEMPTS = 50;

	private static final int PAGE_SIZE = 1000;

	private static final String SELECT = "SELECT id, recorded_at, actor, action, client_id, table_name, job_id, "
			+ "details, previous_hash, entry_hash FROM reembed_audit_log ";

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate ownTransaction;

	private final Lock appendLock = new ReentrantLock();

	public AuditLog(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		this.jdbcTemplate = jdbcTemplate;
		this.ownTransaction = new TransactionTemplate(transactionManager);
		// An entry commits whatever becomes of the caller's transaction, and a lost race for the next position
		// rolls back only the entry's own transaction, which PostgreSQL would otherwise abort whole.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Appends an entry after the last one. Two writers never fork the chain: within this process they take turns,
	 * and across processes the entry's position is its primary key, so the writer that loses the race for a position
	 * reads the new last entry and tries again.
	 * @return the entry as stored
	 */
	public AuditEntry record(AuditEvent event) {
		AuditEvent kept = new AuditEvent(event.actor(), event.action(), event.clientId(), event.table(),
				event.jobId(), cut(event.details()));
		this.appendLock.lock();
		try {
			for (int attempt = 1;; attempt++) {
				try {
					AuditEntry entry = this.ownTransaction.execute((status) -> append(kept));
					logger.debug("Audit entry {}: {} by '{}'", entry.id(), kept.action(), kept.actor());
					return entry;
				}
				catch (DuplicateKeyException | ConcurrencyFailureException ex) {
					if (attempt == MAX_ATTEMPTS) {
						throw ex;
					}
					logger.debug("Another process appended to the audit log first; appending after it");
				}
			}
		}
		finally {
			this.appendLock.unlock();
		}
	}

	private AuditEntry append(AuditEvent event) {
		List<Row> last = this.jdbcTemplate.query(SELECT + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", AuditLog::row);
		long id = last.isEmpty() ? 1 : last.get(0).id() + 1;
		String previousHash = last.isEmpty() ? AuditChain.GENESIS : last.get(0).hash();
		Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String hash = AuditChain.hash(id, recordedAt, event, previousHash);
		this.jdbcTemplate.update("INSERT INTO reembed_audit_log (id, recorded_at, actor, action, client_id, "
				+ "table_name, job_id, details, previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id,
				OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC), event.actor(), event.action().name(),
				event.clientId(), event.table(), event.jobId(), event.details(), previousHash, hash);
		return new AuditEntry(id, recordedAt, event, previousHash, hash);
	}

	private static @Nullable String cut(@Nullable String details) {
		return (details != null && details.length() > MAX_DETAILS_LENGTH) ? details.substring(0, MAX_DETAILS_LENGTH)
				: details;
	}

	/**
	 * Reads the whole log in order and checks every entry: its position follows the one before, it links to that
	 * entry's hash (the first to {@link AuditChain#GENESIS}), and its hash is the one its content gives.
	 * @return how many entries were found intact, and the first broken one, if any
	 */
	public AuditVerification verify() {
		long previousId = 0;
		String previousHash = AuditChain.GENESIS;
		while (true) {
			List<Row> page = this.jdbcTemplate.query(
					SELECT + "WHERE id > ? ORDER BY id FETCH FIRST " + PAGE_SIZE + " ROWS ONLY", AuditLog::row,
					previousId);
			if (page.isEmpty()) {
				return new AuditVerification(previousId, previousHash, null);
			}
			for (Row row : page) {
				AuditBreak broken = check(row, previousId, previousHash);
				if (broken != null) {
					return new AuditVerification(previousId, previousHash, broken);
				}
				previousId = row.id();
				previousHash = row.hash();
			}
		}
	}

	private static @Nullable AuditBreak check(Row row, long previousId, String previousHash) {
		if (row.id() != previousId + 1) {
			return new AuditBreak(previousId + 1, "is missing: the entry after "
					+ ((previousId > 0) ? "entry " + previousId : "the start") + " is entry " + row.id());
		}
		if (!row.contentHash().equals(row.hash())) {
			return new AuditBreak(row.id(), "was changed: its content does not give its hash");
		}
		if (!row.previousHash().equals(previousHash)) {
			return new AuditBreak(row.id(), "does not link to "
					+ ((previousId > 0) ? "entry " + previousId + ", which was rewritten with a new hash"
							: "the start of the chain"));
		}
		return null;
	}

	private static Row row(ResultSet rs, int rowNumber) throws SQLException {
		return new Row(rs.getLong("id"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
				rs.getString("actor"), rs.getString("action"), rs.getString("client_id"), rs.getString("table_name"),
				rs.getString("job_id"), rs.getString("details"), rs.getString("previous_hash"),
				rs.getString("entry_hash"));
	}

	/** An entry as its row holds it, tampered with or not. */
	private record Row(long id, Instant recordedAt, String actor, String action, @Nullable String clientId,
			@Nullable String table, @Nullable String jobId, @Nullable String details, String previousHash,
			String hash) {

		String contentHash() {
			return AuditChain.hash(this.id, this.recordedAt, this.actor, this.action, this.clientId, this.table,
					this.jobId, this.details, this.previousHash);
		}

	}

}
