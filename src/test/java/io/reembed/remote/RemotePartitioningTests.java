package io.reembed.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.reembed.job.CollectionNames;
import io.reembed.store.PointIds;
import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.store.qdrant.QdrantVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import io.reembed.support.ReembedProcess;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manager and two {@code reembed worker} processes, each a JVM of its own, on the local PostgreSQL server and
 * RabbitMQ broker, writing to a Qdrant stand-in that this test serves on a loopback port.
 */
class RemotePartitioningTests {

	private static final int ROWS = 1_200;

	private static final int PARTITIONS = 6;

	private static final String COLLECTION = CollectionNames.of("issues", "hash");

	/** How long the provider takes for each chunk of 20 rows: a partition of 200 rows takes about 2 s. */
	private static final String DELAY = "200ms";

	private static final Pattern RUNNING = Pattern.compile("Running partition \\S+ \\(step execution (\\d+)\\)");

	private final String url = TestDatabases.newPostgresSchemaUrl();

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url,
			TestDatabases.POSTGRES_USER, "", true);

	private final JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

	private final String queue = "reembed.test." + UUID.randomUUID();

	private final CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", 5672);

	private final List<ReembedProcess> processes = new ArrayList<>();

	@TempDir
	Path logs;

	private InProcessQdrantServer qdrant;

	private int qdrantPort;

	private List<Issue> rows;

	@BeforeEach
	void createIssuesAndStore() throws Exception {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		this.rows = issues.generate(ROWS, 42);
		issues.insert(this.rows);
		this.qdrant = InProcessQdrantServer.start();
		this.qdrantPort = this.qdrant.startListening();
	}

	@AfterEach
	void stopEverything() throws Exception {
		for (ReembedProcess process : this.processes) {
			process.kill();
		}
		new RabbitAdmin(this.broker).deleteQueue(this.queue);
		this.broker.destroy();
		this.qdrant.close();
		this.dataSource.destroy();
		TestDatabases.dropPostgresSchema(this.url);
	}

	@Test
	void twoWorkersShareABackfillIntoExactlyOnePointPerRowAndARequestDeliveredAgainRunsOnce() throws Exception {
		// given
		ReembedProcess first = worker("10m");
		ReembedProcess second = worker("10m");

		// when
		ReembedProcess manager = manager("2m");
		await(() -> partitions() == PARTITIONS, manager);
		// Every request once more while the partitions run, and once more after the job.
		sendRequestsAgain();
		int exitCode = manager.waitFor(120);
		sendRequestsAgain();
		await(() -> count(first, "Discarded") + count(second, "Discarded") == 2 * PARTITIONS, first, second);

		// then
		assertThat(exitCode).as(manager.output()).isZero();
		assertThat(manager.stdout()).contains(ROWS + " rows read, " + ROWS + " embedded");
		assertThat(count(first, "Running partition")).as(first.output()).isPositive();
		assertThat(count(second, "Running partition")).as(second.output()).isPositive();
		assertThat(count(first, "Running partition") + count(second, "Running partition")).isEqualTo(PARTITIONS);
		assertThat(this.jdbcTemplate.queryForList(
				"SELECT status FROM batch_step_execution WHERE step_name LIKE 'backfill.partition:%'", String.class))
			.hasSize(PARTITIONS)
			.containsOnly("COMPLETED");
		assertThat(sum("SELECT SUM(write_count) FROM batch_step_execution WHERE step_name LIKE 'backfill.partition:%'"))
			.isEqualTo(ROWS);
		assertThat(pointIds()).isEqualTo(expectedIds());
	}

	@Test
	void aReembedSendsItsEmbedAndCatchUpPartitionsToTheWorkers() throws Exception {
		// given
		ReembedProcess first = worker("10m");
		ReembedProcess second = worker("10m");
		assertThat(manager("2m").waitFor(120)).isZero();

		// when
		ReembedProcess reembed = start(List.of("reembed", "--table", "issues", "--client", "42", "--from", "hash",
				"--to", "hash-v2", "--reembed.remote.enabled=true", "--reembed.remote.timeout=2m",
				"--reembed.remote.poll-interval=200ms",
				// The two hash models' neighbours are unrelated by design.
				"--reembed.quality.min-overlap=0", "--reembed.quality.sample-size=50"));
		int exitCode = reembed.waitFor(180);

		// then
		assertThat(exitCode).as(reembed.output()).isZero();
		String workers = first.stdout() + second.stdout();
		assertThat(count(workers, "Running partition reembed.partition:")).isEqualTo(PARTITIONS);
		assertThat(count(workers, "Running partition reembed.catchup.partition:")).isEqualTo(PARTITIONS);
		try (QdrantVectorStore store = new QdrantVectorStore(this.qdrant.newClient())) {
			assertThat(store.pointIds(CollectionNames.of("issues", "hash-v2"), "42")).isEqualTo(expectedIds());
		}
	}

	@Test
	void aWorkerKilledMidPartitionFailsTheJobAtTheTimeoutAndTheRestartRunsOnlyTheUnfinishedPartition()
			throws Exception {
		// given
		ReembedProcess doomed = worker("10m");
		ReembedProcess survivor = worker("10m");
		Duration timeout = Duration.ofSeconds(40);
		ReembedProcess manager = manager(timeout.toSeconds() + "s");
		long killed = awaitCommittedPartitionOf(doomed, manager);

		// when
		doomed.kill();
		Instant killedAt = Instant.now();
		int failedExitCode = manager.waitFor(120);
		Duration failedAfter = Duration.between(killedAt, Instant.now());
		Set<Long> unfinished = Set.copyOf(this.jdbcTemplate.queryForList(
				"SELECT step_execution_id FROM batch_step_execution WHERE step_name LIKE 'backfill.partition:%' "
						+ "AND status <> 'COMPLETED'",
				Long.class));
		long failedExecution = lastJobExecution();
		ReembedProcess restart = manager("2m");
		int restartExitCode = restart.waitFor(120);

		// then
		assertThat(failedExitCode).as(manager.output()).isNotZero();
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT exit_message FROM batch_step_execution WHERE step_execution_id = ?", String.class, killed))
			.contains("no worker finished partition");
		assertThat(failedAfter).isLessThan(timeout.plusSeconds(20));
		assertThat(unfinished).containsExactly(killed);
		assertThat(survivor.stdout()).contains("a live worker runs it");
		assertThat(restartExitCode).as(restart.output()).isZero();
		long restartedExecution = lastJobExecution();
		assertThat(restartedExecution).isNotEqualTo(failedExecution);
		assertThat(this.jdbcTemplate.queryForList("SELECT status FROM batch_step_execution "
				+ "WHERE step_name LIKE 'backfill.partition:%' AND job_execution_id = ?", String.class,
				restartedExecution))
			.as("only the partition the killed worker left is run again")
			.containsExactly("COMPLETED");
		assertThat(pointIds()).isEqualTo(expectedIds());
	}

	@Test
	void aStoppedWorkerHandsItsPartitionBackAtAChunkBoundaryAndAnotherWorkerFinishesIt() throws Exception {
		// given
		ReembedProcess stopping = worker("10m", "1s");
		ReembedProcess staying = worker("10m", "200ms");
		ReembedProcess manager = manager("3m");
		long handedBack = awaitCommittedPartitionOf(stopping, manager);

		// when
		stopping.terminate();
		stopping.waitFor(90);
		int exitCode = manager.waitFor(180);

		// then
		assertThat(stopping.stdout()).contains("Handed partition").contains("(step execution " + handedBack + ")");
		assertThat(staying.stdout()).contains("a stopping worker handed it back");
		assertThat(exitCode).as(manager.output()).isZero();
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status FROM batch_step_execution WHERE step_execution_id = ?", String.class, handedBack))
			.isEqualTo("COMPLETED");
		assertThat(pointIds()).isEqualTo(expectedIds());
	}

	@Test
	void aPartitionWhoseWorkerWentSilentIsTakenOverAfterTheStalenessAndTheJobCompletes() throws Exception {
		// given
		ReembedProcess doomed = worker("5s");
		ReembedProcess survivor = worker("5s");
		ReembedProcess manager = manager("3m", "--reembed.remote.staleness=5s");
		long killed = awaitCommittedPartitionOf(doomed, manager);

		// when
		doomed.kill();
		int exitCode = manager.waitFor(180);

		// then
		assertThat(exitCode).as(manager.output()).isZero();
		assertThat(survivor.stdout()).contains("Taking over partition").contains("(step execution " + killed + ")");
		assertThat(this.jdbcTemplate.queryForObject(
				"SELECT status FROM batch_step_execution WHERE step_execution_id = ?", String.class, killed))
			.isEqualTo("COMPLETED");
		assertThat(pointIds()).isEqualTo(expectedIds());
	}

	private ReembedProcess worker(String staleness) throws Exception {
		return worker(staleness, DELAY);
	}

	/** A worker whose provider takes {@code delay} for each chunk. */
	private ReembedProcess worker(String staleness, String delay) throws Exception {
		ReembedProcess worker = start(List.of("worker", "--reembed.remote.staleness=" + staleness), delay);
		await(() -> worker.stdout().contains("reembed worker is taking partitions"), worker);
		return worker;
	}

	private ReembedProcess manager(String timeout, String... settings) throws Exception {
		List<String> arguments = new ArrayList<>(List.of("backfill", "--table", "issues", "--client", "42",
				"--model", "hash", "--reembed.remote.enabled=true", "--reembed.remote.timeout=" + timeout,
				"--reembed.remote.poll-interval=200ms"));
		arguments.addAll(List.of(settings));
		return start(arguments);
	}

	private ReembedProcess start(List<String> command) throws Exception {
		return start(command, DELAY);
	}

	private ReembedProcess start(List<String> command, String delay) throws Exception {
		List<String> arguments = new ArrayList<>(command);
		arguments.addAll(List.of("--spring.datasource.url=" + this.url, "--spring.datasource.username=postgres",
				"--store", "qdrant", "--reembed.store.qdrant.host=127.0.0.1",
				"--reembed.store.qdrant.port=" + this.qdrantPort, "--reembed.remote.queue=" + this.queue,
				"--reembed.job.grid-size=" + PARTITIONS, "--reembed.job.chunk-size=20",
				"--spring.main.sources=" + SlowHashProviderSource.class.getName(),
				"--" + SlowHashProviderSource.DELAY + "=" + delay,
				// The test classpath's logback-test.xml keeps to warnings; the tests read what the workers decide.
				"--logging.level.io.reembed.remote=INFO"));
		ReembedProcess process = ReembedProcess.start(this.logs, arguments);
		this.processes.add(process);
		return process;
	}

	/** Waits until the worker runs a partition that has committed a chunk, and returns its step execution id. */
	private long awaitCommittedPartitionOf(ReembedProcess worker, ReembedProcess manager) throws Exception {
		long[] running = new long[1];
		await(() -> {
			Matcher matcher = RUNNING.matcher(worker.stdout());
			Long last = null;
			while (matcher.find()) {
				last = Long.parseLong(matcher.group(1));
			}
			if (last == null) {
				return false;
			}
			running[0] = last;
			return Boolean.TRUE.equals(this.jdbcTemplate.queryForObject(
					"SELECT status = 'STARTED' AND write_count > 0 FROM batch_step_execution WHERE step_execution_id = ?",
					Boolean.class, last));
		}, worker, manager);
		return running[0];
	}

	/** Publishes, as a manager would, the request of every partition of the backfill's embed step. */
	private void sendRequestsAgain() {
		RabbitTemplate template = new RabbitTemplate(this.broker);
		for (Long id : this.jdbcTemplate.queryForList(
				"SELECT step_execution_id FROM batch_step_execution WHERE step_name LIKE 'backfill.partition:%'",
				Long.class)) {
			MessageProperties properties = new MessageProperties();
			properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
			String body = "{\"stepName\": \"backfill.partition\", \"stepExecutionId\": " + id + "}";
			template.send("", this.queue, new Message(body.getBytes(StandardCharsets.UTF_8), properties));
		}
	}

	private int partitions() {
		return (int) sum("SELECT COUNT(*) FROM batch_step_execution WHERE step_name LIKE 'backfill.partition:%'");
	}

	private long lastJobExecution() {
		return sum("SELECT MAX(job_execution_id) FROM batch_job_execution");
	}

	private long sum(String sql) {
		Long value = this.jdbcTemplate.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

	private static int count(ReembedProcess process, String text) throws Exception {
		return count(process.stdout(), text);
	}

	private static int count(String output, String text) {
		return output.split(Pattern.quote(text), -1).length - 1;
	}

	private Set<UUID> pointIds() throws Exception {
		try (QdrantVectorStore store = new QdrantVectorStore(this.qdrant.newClient())) {
			return store.pointIds(COLLECTION, "42");
		}
	}

	private Set<UUID> expectedIds() {
		return this.rows.stream()
			.map((issue) -> PointIds.of("42", "issues", Long.toString(issue.id())))
			.collect(Collectors.toSet());
	}

	/** Waits up to two minutes for the condition, failing at once when one of the processes has ended. */
	private static void await(CheckedCondition condition, ReembedProcess... watched) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (Instant.now().isBefore(deadline)) {
			if (condition.test()) {
				return;
			}
			for (ReembedProcess process : watched) {
				if (!process.isAlive() && !condition.test()) {
					throw new IllegalStateException("A process ended early:\n" + process.output());
				}
			}
			Thread.sleep(100);
		}
		StringBuilder outputs = new StringBuilder();
		for (ReembedProcess process : watched) {
			outputs.append(process.output()).append('\n');
		}
		throw new IllegalStateException("Timed out waiting; the processes said:\n" + outputs);
	}

	@FunctionalInterface
	private interface CheckedCondition {

		boolean test() throws Exception;

	}

}
