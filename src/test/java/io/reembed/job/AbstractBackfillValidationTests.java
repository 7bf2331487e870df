package io.reembed.job;

import javax.sql.DataSource;

import io.reembed.cli.FailureReasons;
import io.reembed.support.FaultInjectingVectorStore;
import io.reembed.support.IssueRows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad definitions and parameters fail the job in its first step, before any row is read or point written, with a
 * message that names the problem.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.embedding.model=hash",
		"reembed.tables.location=src/test/resources/tables-with-errors" })
@SpringBatchTest
@Import(BackfillTestConfiguration.class)
@DirtiesContext
abstract class AbstractBackfillValidationTests {

	@Autowired
	JobOperatorTestUtils jobOperatorTestUtils;

	@Autowired
	Job backfillJob;

	@Autowired
	JobRepositoryTestUtils jobRepositoryTestUtils;

	@Autowired
	FaultInjectingVectorStore store;

	@Autowired
	DataSource dataSource;

	@BeforeEach
	void createTables() {
		this.jobOperatorTestUtils.setJob(this.backfillJob);
		this.jobRepositoryTestUtils.removeJobExecutions();
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(10, 42));
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		jdbcTemplate.execute("DROP TABLE IF EXISTS misspelled_issues");
		jdbcTemplate.execute("CREATE TABLE misspelled_issues (id BIGINT PRIMARY KEY, client_id BIGINT, title VARCHAR(100), summary VARCHAR(100))");
		jdbcTemplate.update("INSERT INTO misspelled_issues VALUES (1, 42, 'Login fails', 'after reset')");
	}

	@Test
	void aTemplateNamingAMissingColumnFailsBeforeAnyWrite() throws Exception {
		// when
		JobExecution execution = this.jobOperatorTestUtils.startJob(backfill("misspelled_issues", "hash"));

		// then
		assertFailedBeforeAnyWrite(execution, "misspelled_issues__hash");
		assertThat(FailureReasons.of(execution))
			.contains("Column 'titel' of table 'misspelled_issues' does not exist");
	}

	@Test
	void aTableNameWithSqlInItFailsBeforeAnyWriteAndTouchesNothing() throws Exception {
		// when
		JobExecution execution = this.jobOperatorTestUtils.startJob(backfill("issues; DROP TABLE issues", "hash"));

		// then
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(FailureReasons.of(execution)).contains("Invalid table name 'issues; DROP TABLE issues'");
		assertThat(new IssueRows(this.dataSource).count(42)).isEqualTo(10);
		assertThat(execution.getStepExecutions()).extracting((step) -> step.getStepName())
			.containsExactly(BackfillJobConfiguration.PREPARE_STEP);
	}

	@Test
	void anUnknownModelFailsBeforeAnyWrite() throws Exception {
		// when
		JobExecution execution = this.jobOperatorTestUtils.startJob(backfill("issues", "text-embedding-9-huge"));

		// then
		assertFailedBeforeAnyWrite(execution, "issues__text-embedding-9-huge");
		assertThat(FailureReasons.of(execution)).contains("Unknown embedding model 'text-embedding-9-huge'")
			.contains("all-minilm-l6-v2");
	}

	@Test
	void anUnknownVectorTypeFailsBeforeAnyWrite() throws Exception {
		// when
		JobExecution execution = this.jobOperatorTestUtils
			.startJob(new BackfillParameters("issues", "42", "title", "hash", 1L).toJobParameters());

		// then
		assertFailedBeforeAnyWrite(execution, "issues__hash");
		assertThat(FailureReasons.of(execution)).contains("Table 'issues' has no vector type 'title'");
	}

	private static JobParameters backfill(String table, String model) {
		return new BackfillParameters(table, "42", "content", model, 1L).toJobParameters();
	}

	private void assertFailedBeforeAnyWrite(JobExecution execution, String collection) {
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getStepExecutions()).extracting((step) -> step.getStepName())
			.containsExactly(BackfillJobConfiguration.PREPARE_STEP);
		assertThat(this.store.describe(collection)).isEmpty();
	}

}
