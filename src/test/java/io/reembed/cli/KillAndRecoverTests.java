package io.reembed.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoTable;
import io.reembed.job.AliasNames;
import io.reembed.job.CollectionNames;
import io.reembed.store.PointIds;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import io.reembed.support.ReembedProcess;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backfill in a real separate JVM killed with {@code kill -9} mid-run, then {@code recover} and {@code restart}
 * from the command line, on PostgreSQL; and one stopped from another process and relaunched.
 */
class KillAndRecoverTests {

	private final String url = TestDatabases.newPostgresSchemaUrl();

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url,
			TestDatabases.POSTGRES_USER, "", true);

	private final JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

	private static final int ROWS = 4_000;

	/**
	 * Rows of the stopped backfill, which embeds with the {@code hash} model slowed down to 400 ms a chunk: about 30
	 * seconds in all, so that it is still running when the stop command's JVM has started, however loaded the
	 * machine.
	 */
	private static final int STOPPED_ROWS = 1_500;

	private static final String STOPPED_MODEL = "hash";

	private static final String[] SLOW_HASH_MODEL = { "--spring.main.sources=" + SlowHashProviderSource.class.getName(),
			"--" + SlowHashProviderSource.DELAY + "=400ms" };

	private static final String REEMBED_FROM = "all-minilm-l6-v2";

	private static final String REEMBED_TO = "bge-small-en-v15";

	@TempDir
	Path data;

	@AfterEach
	void dropSchema() {
		this.dataSource.destroy();
		TestDatabases.dropPostgresSchema(this.url);
	}

	@Test
	void aKilledBackfillIsRecoveredAndRestartedToExactlyOnePointPerRow() throws Exception {
		// given
		List<Issue> rows = createIssues(ROWS);
		ReembedProcess backfill = reembed("backfill", "--table", "issues", "--client", "42", "--model", "hash");

		// when
		awaitWrittenRows(this.jdbcTemplate, backfill, ROWS / 10);
		backfill.kill();
		String statusAfterKill = this.jdbcTemplate.queryForObject(
				"SELECT status FROM batch_job_execution ORDER BY job_execution_id DESC LIMIT 1", String.class);
		ReembedProcess restartWhileStarted = reembed("backfill", "--table", "issues", "--client", "42", "--model",
				"hash");
		int refusedExitCode = restartWhileStarted.waitFor(120);
		ReembedProcess recover = reembed("recover");
		int recoverExitCode = recover.waitFor(120);
		long executionId = this.jdbcTemplate.queryForObject(
				"SELECT MAX(job_execution_id) FROM batch_job_execution", Long.class);
		ReembedProcess restart = reembed("restart", "--execution", Long.toString(executionId));
		int restartExitCode = restart.waitFor(300);

		// then
		assertThat(statusAfterKill).isEqualTo("STARTED");
		assertThat(refusedExitCode).as(restartWhileStarted.output()).isNotZero();
		assertThat(restartWhileStarted.stderr()).contains("already running");
		assertThat(recoverExitCode).as(recover.output()).isZero();
		assertThat(recover.stdout()).contains("is now FAILED");
		assertThat(restartExitCode).as(restart.output()).isZero();
		assertThat(restart.stdout()).contains("COMPLETED");
		try (LuceneVectorStore store = new LuceneVectorStore(this.data.resolve("lucene"))) {
			String collection = CollectionNames.of("issues", "hash");
			assertThat(store.count(collection, "42")).isEqualTo(ROWS);
			assertThat(store.pointIds(collection, "42")).isEqualTo(expectedIds(rows));
		}
	}

	@Test
	void aStoppedBackfillEndsStoppedAndTheSameCommandRestartsIt() throws Exception {
		// given
		List<Issue> rows = createIssues(STOPPED_ROWS);
		String[] backfillArguments = { "backfill", "--table", "issues", "--client", "42", "--model", STOPPED_MODEL,
				SLOW_HASH_MODEL[0], SLOW_HASH_MODEL[1] };
		ReembedProcess backfill = reembed(backfillArguments);

		// when
		awaitWrittenRows(this.jdbcTemplate, backfill, STOPPED_ROWS / 10);
		long executionId = this.jdbcTemplate.queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution",
				Long.class);
		ReembedProcess stop = reembed("stop", "--execution", Long.toString(executionId));
		int stopExitCode = stop.waitFor(120);
		int stoppedExitCode = backfill.waitFor(300);
		ReembedProcess relaunch = reembed(backfillArguments);
		int relaunchExitCode = relaunch.waitFor(300);

		// then
		assertThat(stopExitCode).as(stop.output()).isZero();
		assertThat(stoppedExitCode).as(backfill.output()).isEqualTo(ExitCodes.STOPPED);
		assertThat(backfill.stdout()).contains("STOPPED (execution " + executionId + ")");
		assertThat(relaunchExitCode).as(relaunch.output()).isZero();
		assertThat(relaunch.stdout()).contains("COMPLETED");
		Long instances = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(DISTINCT job_instance_id) FROM batch_job_execution WHERE job_execution_id >= ?",
				Long.class, executionId);
		assertThat(instances).as("the relaunch restarted the stopped instance").isEqualTo(1);
		try (LuceneVectorStore store = new LuceneVectorStore(this.data.resolve("lucene"))) {
			String collection = CollectionNames.of("issues", STOPPED_MODEL);
			assertThat(store.count(collection, "42")).isEqualTo(STOPPED_ROWS);
			assertThat(store.pointIds(collection, "42")).isEqualTo(expectedIds(rows));
		}
	}

	@Test
	void aKilledReembedIsRecoveredAndRestartedAndSwitchesTheAliasOnce() throws Exception {
		// given
		DemoDataGenerator demo = new DemoDataGenerator(this.dataSource, DemoDataGenerator.DEFAULT_SEED);
		demo.createTables();
		demo.generate(DemoTable.ISSUES, 300);
		int backfillExitCode = reembed("backfill", "--table", "issues", "--client", "42", "--model", REEMBED_FROM)
			.waitFor(300);
		long backfillExecutionId = this.jdbcTemplate
			.queryForObject("SELECT MAX(job_execution_id) FROM batch_job_execution", Long.class);
		String[] reembedArguments = { "reembed", "--table", "issues", "--client", "42", "--from", REEMBED_FROM, "--to",
				REEMBED_TO, "--reembed.quality.sample-size=50" };
		ReembedProcess reembed = reembed(reembedArguments);

		// when
		awaitWrittenRows(this.jdbcTemplate, reembed, 30, backfillExecutionId);
		reembed.kill();
		int recoverExitCode = reembed("recover").waitFor(120);
		ReembedProcess relaunch = reembed(reembedArguments);
		int relaunchExitCode = relaunch.waitFor(600);

		// then
		assertThat(backfillExitCode).isZero();
		assertThat(recoverExitCode).isZero();
		assertThat(relaunchExitCode).as(relaunch.output()).isZero();
		assertThat(relaunch.stdout()).contains("Quality gate PASSED").contains("Switched issues__client_42");
		Long reembedSwitches = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(*) FROM reembed_alias_switch WHERE reason = 'reembed'", Long.class);
		assertThat(reembedSwitches).isEqualTo(1);
		try (LuceneVectorStore store = new LuceneVectorStore(this.data.resolve("lucene"))) {
			String target = CollectionNames.of("issues", REEMBED_TO);
			assertThat(store.aliasTarget(AliasNames.of("issues", "42"))).contains(target);
			assertThat(store.pointIds(target, "42"))
				.isEqualTo(store.pointIds(CollectionNames.of("issues", REEMBED_FROM), "42"));
		}
	}

	private List<Issue> createIssues(int count) {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		List<Issue> rows = issues.generate(count, 42);
		issues.insert(rows);
		return rows;
	}

	private ReembedProcess reembed(String... arguments) throws Exception {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(List.of("--spring.datasource.url=" + this.url, "--spring.datasource.username=postgres",
				"--reembed.store.lucene.path=" + this.data.resolve("lucene"), "--reembed.job.chunk-size=10",
				"--reembed.job.grid-size=2"));
		return ReembedProcess.start(this.data.resolve("logs"), all);
	}

	private static void awaitWrittenRows(JdbcTemplate jdbcTemplate, ReembedProcess process, long rows)
			throws Exception {
		awaitWrittenRows(jdbcTemplate, process, rows, 0);
	}

	/** Waits until executions after the given one have written the rows; the process must still be running. */
	private static void awaitWrittenRows(JdbcTemplate jdbcTemplate, ReembedProcess process, long rows,
			long afterExecutionId) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			assertThat(process.isAlive()).as("the job ended before it could be killed: %s", process.output())
				.isTrue();
			Long written;
			try {
				written = jdbcTemplate.queryForObject(
						"SELECT COALESCE(SUM(write_count), 0) FROM batch_step_execution WHERE step_name LIKE '%.partition:%' AND job_execution_id > ?",
						Long.class, afterExecutionId);
			}
			catch (BadSqlGrammarException ex) {
				// The process has not created the JobRepository tables yet.
				written = 0L;
			}
			if (written != null && written >= rows) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the job wrote fewer than " + rows + " rows in time: " + process.output());
	}

	private static Set<UUID> expectedIds(List<Issue> rows) {
		return rows.stream()
			.map((row) -> PointIds.of("42", "issues", Long.toString(row.id())))
			.collect(Collectors.toSet());
	}

}
