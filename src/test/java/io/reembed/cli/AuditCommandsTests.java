package io.reembed.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.reembed.audit.AuditAction;
import io.reembed.audit.AuditEntry;
import io.reembed.audit.AuditEvent;
import io.reembed.audit.AuditLog;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit verify} on an H2 database.
 */
class AuditCommandsTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	JdbcTemplate jdbcTemplate;

	AuditLog auditLog;

	ReembedCommandLineRunner commandLine;

	@BeforeEach
	void createTables() {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "",
				true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(dataSource);
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.auditLog = new AuditLog(this.jdbcTemplate, new DataSourceTransactionManager(dataSource));
		Console console = new Console(new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
		AuditCommands commands = new AuditCommands(this.auditLog, console);
		this.commandLine = new ReembedCommandLineRunner(Map.of(Subcommand.AUDIT, commands::run), console);
	}

	@Test
	void verifyExitsZeroWhenTheChainIsIntact() {
		// given
		this.auditLog.record(new AuditEvent("ci", AuditAction.SUBMIT, "42", "issues", "1", null));
		AuditEntry last = this.auditLog.record(new AuditEvent("ci", AuditAction.CANCEL, "42", "issues", "1", null));

		// when
		int exitCode = this.commandLine.execute(new String[] { "audit", "verify" });

		// then
		assertThat(exitCode).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8))
			.isEqualTo("Audit log intact: 2 entries, last hash " + last.hash() + System.lineSeparator());
	}

	@Test
	void verifyExitsNonZeroNamingTheFirstTamperedEntry() {
		// given
		for (int i = 1; i <= 3; i++) {
			this.auditLog.record(new AuditEvent("ci", AuditAction.SUBMIT, "42", "issues", Integer.toString(i), null));
		}
		this.jdbcTemplate.update("UPDATE reembed_audit_log SET actor = 'someone' WHERE id = 2");

		// when
		int exitCode = this.commandLine.execute(new String[] { "audit", "verify" });

		// then
		assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEqualTo("audit verify: the audit log was tampered "
				+ "with: entry 2 was changed: its content does not give its hash (the 1 entries before it are intact)"
				+ System.lineSeparator());
	}

	@Test
	void anUnknownActionIsAUsageError() {
		assertThat(this.commandLine.execute(new String[] { "audit" })).isEqualTo(ExitCodes.USAGE);
		assertThat(this.commandLine.execute(new String[] { "audit", "list" })).isEqualTo(ExitCodes.USAGE);
	}

}
