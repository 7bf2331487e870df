package io.reembed.audit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log's hash chain on a real database; subclasses choose it.
 */
abstract class AbstractAuditLogTests {

	HikariDataSource dataSource;

	JdbcTemplate jdbcTemplate;

	AuditLog auditLog;

	abstract String url();

	abstract String username();

	@BeforeEach
	void createLog() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(url());
		this.dataSource.setUsername(username());
		this.dataSource.setMaximumPoolSize(8);
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(this.dataSource);
		this.jdbcTemplate = new JdbcTemplate(this.dataSource);
		this.jdbcTemplate.update("DELETE FROM reembed_audit_log");
		this.auditLog = newAuditLog();
	}

	@AfterEach
	void closeDataSource() {
		this.dataSource.close();
	}

	private AuditLog newAuditLog() {
		return new AuditLog(this.jdbcTemplate, new DataSourceTransactionManager(this.dataSource));
	}

	@Test
	void anEmptyLogIsIntact() {
		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.intact()).isTrue();
		assertThat(verification.entries()).isZero();
		assertThat(verification.headHash()).isEqualTo(AuditChain.GENESIS);
	}

	@Test
	void eachEntryLinksToTheOneBeforeFromTheGenesisValue() {
		// when
		AuditEntry first = this.auditLog.record(submit("42", "1"));
		AuditEntry second = this.auditLog.record(new AuditEvent("ops", AuditAction.ROLLBACK, null, "issues", null,
				null));
		AuditEntry third = this.auditLog.record(new AuditEvent("ci", AuditAction.CANCEL, "42", "issues", "1",
				"queued"));

		// then
		assertThat(List.of(first.id(), second.id(), third.id())).containsExactly(1L, 2L, 3L);
		assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
		assertThat(second.previousHash()).isEqualTo(first.hash());
		assertThat(third.previousHash()).isEqualTo(second.hash());
		assertThat(first.hash()).isEqualTo(AuditChain.hash(1, first.recordedAt(), first.event(), AuditChain.GENESIS))
			.hasSize(64);
		AuditVerification verification = this.auditLog.verify();
		assertThat(verification.intact()).as("%s", verification.firstBreak()).isTrue();
		assertThat(verification.entries()).isEqualTo(3);
		assertThat(verification.headHash()).isEqualTo(third.hash());
	}

	@Test
	void namesAnEntryWhoseFieldWasChanged() {
		// given
		recordFive();
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET client_id = '7' WHERE id = 3");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak()).isEqualTo(new AuditBreak(3,
				"was changed: its content does not give its hash"));
		assertThat(verification.entries()).isEqualTo(2);
	}

	@Test
	void namesAnEntryWhoseTimeWasChanged() {
		// given
		recordFive();
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET recorded_at = recorded_at - INTERVAL '1' HOUR "
				+ "WHERE id = 4");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak()).extracting(AuditBreak::entryId).isEqualTo(4L);
	}

	@Test
	void namesAnEntryWhoseActionWasChangedToOneThatDoesNotExist() {
		// given
		recordFive();
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET action = 'NOTHING' WHERE id = 2");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak()).extracting(AuditBreak::entryId).isEqualTo(2L);
	}

	@Test
	void namesADeletedEntry() {
		// given
		recordFive();
		this.jdbcTemplate.update("DELETE FROM reembed_audit_log WHERE id = 3");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak())
			.isEqualTo(new AuditBreak(3, "is missing: the entry after entry 2 is entry 4"));
	}

	@Test
	void namesADeletedFirstEntry() {
		// given
		recordFive();
		this.jdbcTemplate.update("DELETE FROM reembed_audit_log WHERE id = 1");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak())
			.isEqualTo(new AuditBreak(1, "is missing: the entry after the start is entry 2"));
	}

	@Test
	void namesTheFirstOfTwoReorderedEntries() {
		// given
		recordFive();
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET id = -1 WHERE id = 2");
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET id = 2 WHERE id = 3");
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET id = 3 WHERE id = -1");

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak()).extracting(AuditBreak::entryId).isEqualTo(2L);
	}

	@Test
	void namesTheEntryAfterOneRewrittenWithANewHash() {
		// given
		recordFive();
		AuditEvent forged = submit("7", "3");
		OffsetDateTime recordedAt = this.jdbcTemplate.queryForObject(
				"SELECT recorded_at FROM reembed_audit_log WHERE id = 3", OffsetDateTime.class);
		String previousHash = this.jdbcTemplate
			.queryForObject("SELECT previous_hash FROM reembed_audit_log WHERE id = 3", String.class);
		String forgedHash = AuditChain.hash(3, recordedAt.toInstant(), forged, previousHash);
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET client_id = '7', entry_hash = ? WHERE id = 3",
				forgedHash);

		// when
		AuditVerification verification = this.auditLog.verify();

		// then
		assertThat(verification.firstBreak()).isEqualTo(new AuditBreak(4,
				"does not link to entry 3, which was rewritten with a new hash"));
	}

	@Test
	void keepsAtMostTheLongestDetails() {
		// when
		AuditEntry entry = this.auditLog.record(new AuditEvent("ci", AuditAction.SUBMIT, "42", "issues", "1",
				"x".repeat(AuditLog.MAX_DETAILS_LENGTH + 10)));

		// then
		assertThat(entry.event().details()).hasSize(AuditLog.MAX_DETAILS_LENGTH);
		assertThat(this.auditLog.verify().intact()).isTrue();
	}

	@Test
	void concurrentAppendsFromTwoProcessesKeepOneChain() throws Exception {
		// given
		List<AuditLog> processes = List.of(this.auditLog, newAuditLog());
		ExecutorService executor = Executors.newFixedThreadPool(6);
		List<Callable<List<AuditEntry>>> writers = new ArrayList<>();
		for (int writer = 0; writer < 6; writer++) {
			AuditLog log = processes.get(writer % 2);
			String actor = "writer-" + writer;
			writers.add(() -> {
				List<AuditEntry> entries = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					entries.add(log.record(new AuditEvent(actor, AuditAction.SUBMIT, "42", "issues",
							Integer.toString(i), null)));
				}
				return entries;
			});
		}

		// when
		List<AuditEntry> recorded = new ArrayList<>();
		try {
			for (Future<List<AuditEntry>> future : executor.invokeAll(writers, 2, TimeUnit.MINUTES)) {
				recorded.addAll(future.get());
			}
		}
		finally {
			executor.shutdownNow();
		}

		// then
		Set<Long> ids = new HashSet<>();
		recorded.forEach((entry) -> ids.add(entry.id()));
		assertThat(ids).hasSize(120).allSatisfy((id) -> assertThat(id).isBetween(1L, 120L));
		AuditVerification verification = this.auditLog.verify();
		assertThat(verification.intact()).as("%s", verification.firstBreak()).isTrue();
		assertThat(verification.entries()).isEqualTo(120);
	}

	private void recordFive() {
		for (int i = 1; i <= 5; i++) {
			this.auditLog.record(submit("42", Integer.toString(i)));
		}
		assertThat(this.auditLog.verify().intact()).isTrue();
	}

	private static AuditEvent submit(String clientId, String jobId) {
		return new AuditEvent("ci", AuditAction.SUBMIT, clientId, "issues", jobId, "model all-minilm-l6-v2");
	}

}
