package io.reembed.task;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.reembed.cli.ExitCodes;
import io.reembed.job.CollectionNames;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.GatedHashProviderSource;
import io.reembed.support.IssueRows;
import io.reembed.support.ReembedProcess;
import io.reembed.support.TestDatabases;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reembed launched as a Spring Cloud Task, in separate JVMs on PostgreSQL (and once on an H2 file), both ways a
 * scheduler may launch it: the Spring Boot convention and the {@code backfill} subcommand.
 */
class TaskLaunchTests {

	private static final int ROWS = 200;

	private static final String TASK_NAME = "reembed-backfill-issues-client-42";

	private static final String[] BOOT_CONVENTION = { "--spring.batch.job.name=backfill", "table=issues",
			"clientId=42", "model=hash" };

	private static final String[] SUBCOMMAND = { "backfill", "--table", "issues", "--client", "42", "--model",
			"hash" };

	private final String url = TestDatabases.newPostgresSchemaUrl();

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url,
			TestDatabases.POSTGRES_USER, "", true);

	private final JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

	@TempDir
	Path data;

	/** One row of TASK_EXECUTION. */
	record TaskExecution(long id, String name, @Nullable Integer exitCode, boolean ended,
			@Nullable String errorMessage) {
	}

	/** A job execution linked to a task execution in TASK_TASK_BATCH. */
	record LinkedJobExecution(long taskExecutionId, long jobExecutionId, long jobInstanceId, String status) {
	}

	@BeforeEach
	void createIssues() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(ROWS, 42));
	}

	@AfterEach
	void dropSchema() {
		this.dataSource.destroy();
		TestDatabases.dropPostgresSchema(this.url);
	}

	@Test
	void aLaunchByTheSpringBootConventionIsRecordedWithExitCodeZeroAndLinkedToItsJobExecution() throws Exception {
		// when
		ReembedProcess process = reembed(BOOT_CONVENTION);

		// then
		assertThat(process.waitFor(180)).as(process.output()).isZero();
		assertThat(taskExecutions()).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo(TASK_NAME);
			assertThat(task.exitCode()).isZero();
			assertThat(task.ended()).isTrue();
		});
		assertThat(this.jdbcTemplate.queryForList("SELECT task_param FROM task_execution_params", String.class))
			.contains("table=issues", "clientId=42");
		assertThat(linkedJobExecutions()).singleElement()
			.satisfies((job) -> assertThat(job.status()).isEqualTo("COMPLETED"));
		assertThat(locks()).isZero();
		assertThat(points()).isEqualTo(ROWS);
	}

	@Test
	void aFailedBackfillSubcommandExitsNonZeroAndItsRelaunchRestartsTheSameJobInstance() throws Exception {
		assertFailsThenRestarts(SUBCOMMAND);
	}

	@Test
	void aFailedLaunchByTheSpringBootConventionExitsNonZeroAndItsRelaunchRestartsTheSameJobInstance()
			throws Exception {
		assertFailsThenRestarts(BOOT_CONVENTION);
	}

	@Test
	void aSecondLaunchForTheSameTableAndClientIsRefusedWhileTheFirstRuns() throws Exception {
		// given
		Path gate = this.data.resolve("gate");
		List<String> held = new ArrayList<>(List.of(SUBCOMMAND));
		held.addAll(List.of("--spring.main.sources=" + GatedHashProviderSource.class.getName(),
				"--" + GatedHashProviderSource.GATE + "=" + gate));
		ReembedProcess first = reembed(held.toArray(String[]::new));
		awaitRunningJob(first);

		// when
		ReembedProcess second = reembed(BOOT_CONVENTION);
		int secondExitCode = second.waitFor(180);
		boolean firstStillRunning = first.isAlive();
		Files.createFile(gate);
		int firstExitCode = first.waitFor(180);

		// then
		assertThat(secondExitCode).as(second.output()).isNotZero();
		assertThat(second.output()).contains("Task with name \"" + TASK_NAME + "\" is already running");
		assertThat(firstStillRunning).as("the first launch ran while the second was refused").isTrue();
		assertThat(firstExitCode).as(first.output()).isZero();
		List<TaskExecution> tasks = taskExecutions();
		assertThat(tasks).hasSize(2).allSatisfy((task) -> assertThat(task.name()).isEqualTo(TASK_NAME));
		assertThat(tasks.get(0).exitCode()).isZero();
		assertThat(tasks.get(1).exitCode()).isNotNull().isNotZero();
		assertThat(tasks.get(1).errorMessage()).contains("already running");
		assertThat(linkedJobExecutions()).singleElement().satisfies((job) -> {
			assertThat(job.taskExecutionId()).isEqualTo(tasks.get(0).id());
			assertThat(job.status()).isEqualTo("COMPLETED");
		});
		assertThat(points()).isEqualTo(ROWS);
	}

	@Test
	void aLaunchOnH2IsRecordedInTheSameDatabaseAsItsJobExecution() throws Exception {
		// given
		String h2 = "jdbc:h2:file:" + this.data.resolve("reembed") + ";AUTO_SERVER=TRUE";
		SingleConnectionDataSource h2DataSource = new SingleConnectionDataSource(h2, "sa", "", true);
		IssueRows issues = new IssueRows(h2DataSource);
		issues.create();
		issues.insert(issues.generate(ROWS, 42));
		h2DataSource.destroy();
		List<String> arguments = new ArrayList<>(List.of(BOOT_CONVENTION));
		arguments.addAll(List.of("--spring.profiles.active=" + TaskLaunches.PROFILE, "--spring.datasource.url=" + h2,
				"--reembed.store.lucene.path=" + this.data.resolve("lucene")));

		// when
		ReembedProcess process = ReembedProcess.start(this.data.resolve("logs"), arguments);
		int exitCode = process.waitFor(180);

		// then
		assertThat(exitCode).as(process.output()).isZero();
		h2DataSource = new SingleConnectionDataSource(h2, "sa", "", true);
		try {
			assertThat(new JdbcTemplate(h2DataSource).queryForList("SELECT t.task_name || ' ' || t.exit_code || ' ' "
					+ "|| j.status FROM task_execution t JOIN task_task_batch b ON b.task_execution_id = "
					+ "t.task_execution_id JOIN batch_job_execution j ON j.job_execution_id = b.job_execution_id",
					String.class))
				.containsExactly(TASK_NAME + " 0 COMPLETED");
		}
		finally {
			h2DataSource.destroy();
		}
	}

	@Test
	void withoutTheTaskProfileNothingIsRecordedAndAFailedLaunchStillExitsNonZero() throws Exception {
		// given
		this.jdbcTemplate.execute("ALTER TABLE issues RENAME COLUMN summary TO summary_moved");

		// when
		ReembedProcess process = ReembedProcess.start(this.data.resolve("logs"), arguments(SUBCOMMAND, false));

		// then
		assertThat(process.waitFor(180)).as(process.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(taskTables()).isZero();
	}

	@Test
	void aServerIsNoTaskEvenInTheTaskProfile() throws Exception {
		// given
		List<String> arguments = new ArrayList<>(List.of("serve", "--server.port=" + freePort()));
		arguments.addAll(arguments(new String[0], true));
		ReembedProcess server = ReembedProcess.start(this.data.resolve("logs"), arguments);

		// when
		try {
			Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
			while (!server.stdout().contains("reembed is serving on port") && Instant.now().isBefore(deadline)) {
				assertThat(server.isAlive()).as("the server ended: %s", server.output()).isTrue();
				Thread.sleep(200);
			}

			// then
			assertThat(server.stdout()).as(server.output()).contains("reembed is serving on port");
			assertThat(server.isAlive()).isTrue();
			assertThat(taskTables()).isZero();
		}
		finally {
			server.kill();
		}
	}

	private void assertFailsThenRestarts(String[] arguments) throws Exception {
		// given
		this.jdbcTemplate.execute("ALTER TABLE issues RENAME COLUMN summary TO summary_moved");
		ReembedProcess failed = reembed(arguments);
		int failedExit = failed.waitFor(180);
		long locksLeft = locks();
		this.jdbcTemplate.execute("ALTER TABLE issues RENAME COLUMN summary_moved TO summary");

		// when
		ReembedProcess relaunch = reembed(arguments);
		int relaunchExit = relaunch.waitFor(180);

		// then
		assertThat(failedExit).as(failed.output()).isEqualTo(ExitCodes.FAILED);
		assertThat(failed.stderr()).contains("Column 'summary' of table 'issues' does not exist");
		assertThat(locksLeft).as("the failed launch released its lock as it ended").isZero();
		assertThat(relaunchExit).as(relaunch.output()).isZero();
		List<TaskExecution> tasks = taskExecutions();
		assertThat(tasks).hasSize(2).allSatisfy((task) -> {
			assertThat(task.name()).isEqualTo(TASK_NAME);
			assertThat(task.ended()).isTrue();
		});
		assertThat(tasks.get(0).exitCode()).isEqualTo(ExitCodes.FAILED);
		assertThat(tasks.get(1).exitCode()).isZero();
		List<LinkedJobExecution> jobs = linkedJobExecutions();
		assertThat(jobs).extracting(LinkedJobExecution::taskExecutionId)
			.containsExactly(tasks.get(0).id(), tasks.get(1).id());
		assertThat(jobs).extracting(LinkedJobExecution::status).containsExactly("FAILED", "COMPLETED");
		assertThat(jobs).extracting(LinkedJobExecution::jobInstanceId)
			.as("the relaunch restarted the failed job instance")
			.containsOnly(jobs.get(0).jobInstanceId());
		assertThat(points()).isEqualTo(ROWS);
	}

	private long locks() {
		Long locks = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM task_lock", Long.class);
		return (locks != null) ? locks : 0;
	}

	private long taskTables() {
		Long tables = this.jdbcTemplate.queryForObject(
				"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
						+ "AND table_name LIKE 'task\\_%'",
				Long.class);
		return (tables != null) ? tables : 0;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private List<TaskExecution> taskExecutions() {
		return this.jdbcTemplate.query(
				"SELECT task_execution_id, task_name, exit_code, end_time, error_message FROM task_execution "
						+ "ORDER BY task_execution_id",
				(row, i) -> new TaskExecution(row.getLong("task_execution_id"), row.getString("task_name"),
						row.getObject("exit_code", Integer.class), row.getTimestamp("end_time") != null,
						row.getString("error_message")));
	}

	private List<LinkedJobExecution> linkedJobExecutions() {
		return this.jdbcTemplate.query(
				"SELECT t.task_execution_id, j.job_execution_id, j.job_instance_id, j.status FROM task_task_batch t "
						+ "JOIN batch_job_execution j ON j.job_execution_id = t.job_execution_id "
						+ "ORDER BY j.job_execution_id",
				(row, i) -> new LinkedJobExecution(row.getLong(1), row.getLong(2), row.getLong(3), row.getString(4)));
	}

	private long points() throws Exception {
		try (LuceneVectorStore store = new LuceneVectorStore(this.data.resolve("lucene"))) {
			return store.count(CollectionNames.of("issues", "hash"), "42");
		}
	}

	private ReembedProcess reembed(String... arguments) throws Exception {
		return ReembedProcess.start(this.data.resolve("logs"), arguments(arguments, true));
	}

	private List<String> arguments(String[] arguments, boolean task) {
		List<String> all = new ArrayList<>(List.of(arguments));
		if (task) {
			all.add("--spring.profiles.active=" + TaskLaunches.PROFILE);
		}
		all.addAll(List.of("--spring.datasource.url=" + this.url, "--spring.datasource.username=postgres",
				"--reembed.store.lucene.path=" + this.data.resolve("lucene"), "--reembed.job.chunk-size=10",
				"--reembed.job.grid-size=2"));
		return all;
	}

	/** Waits until the process, still running, has started its job. */
	private void awaitRunningJob(ReembedProcess process) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			assertThat(process.isAlive()).as("the launch ended too soon: %s", process.output()).isTrue();
			try {
				Long running = this.jdbcTemplate.queryForObject(
						"SELECT COUNT(*) FROM batch_step_execution WHERE status = 'STARTED' AND step_name LIKE '%.partition:%'",
						Long.class);
				if (running != null && running > 0) {
					return;
				}
			}
			catch (BadSqlGrammarException ex) {
				// The process has not created the JobRepository's tables yet.
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the launch started no job in time: " + process.output());
	}

}
