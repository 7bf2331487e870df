package io.reembed.orchestrator;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.reembed.job.CollectionNames;
import io.reembed.store.PointIds;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import io.reembed.support.ReembedProcess;
import io.reembed.support.SlowHashProviderSource;
import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} in a separate JVM, on PostgreSQL, killed with {@code kill -9} while jobs run and others wait, then
 * started again: every job ends COMPLETED once, with exactly one point per row, and no job runs twice.
 */
class ServerKillTests {

	private static final int CLIENTS = 8;

	private static final int ROWS = 300;

	private final String url = TestDatabases.newPostgresSchemaUrl();

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url,
			TestDatabases.POSTGRES_USER, "", true);

	private final JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path data;

	private final List<ReembedProcess> servers = new ArrayList<>();

	@AfterEach
	void stopServersAndDropSchema() throws Exception {
		for (ReembedProcess server : this.servers) {
			server.kill();
		}
		this.dataSource.destroy();
		TestDatabases.dropPostgresSchema(this.url);
	}

	@Test
	void aKilledServerResumesItsRunningAndQueuedJobsAndRunsEachToCompletionOnce() throws Exception {
		// given
		Map<Long, List<Issue>> rows = createIssues();
		String token = createToken();
		int port = freePort();
		ReembedProcess first = serve(port);
		String jobs = LongStream.rangeClosed(1, CLIENTS)
			.mapToObj((client) -> "{\"kind\": \"backfill\", \"table\": \"issues\", \"client\": \"" + client
					+ "\", \"targetModel\": \"hash\"}")
			.collect(Collectors.joining(", ", "[", "]"));
		HttpResponse<String> submitted = post(port, "/api/jobs/bulk", jobs, token);
		// Checked at once: a refused submission would otherwise show only as jobs that never appear.
		assertThat(submitted.statusCode()).as("%s%n%s", submitted.body(), first.output()).isEqualTo(202);

		// when
		awaitJobs(first, (statuses) -> statuses.getOrDefault("COMPLETED", 0L) >= 1
				&& statuses.getOrDefault("RUNNING", 0L) == 2 && startedExecutions() == 2 && writtenByRunningJobs() > 0);
		first.kill();
		Map<String, Long> statusesAtKill = statuses();
		List<String> executionsAtKill = this.jdbcTemplate
			.queryForList("SELECT status FROM batch_job_execution WHERE status = 'STARTED'", String.class);
		ReembedProcess second = serve(port);
		awaitJobs(second, (statuses) -> statuses.getOrDefault("COMPLETED", 0L) == CLIENTS);
		second.kill();

		// then
		// A job may have ended, and the next one begun to start, between the last look and the kill.
		assertThat(statusesAtKill.get("RUNNING")).isBetween(1L, 2L);
		assertThat(statusesAtKill.get("PENDING")).isPositive();
		assertThat(executionsAtKill).hasSizeBetween(1, 2);
		assertThat(count("SELECT COUNT(*) FROM reembed_job WHERE batch_status = 'COMPLETED'")).isEqualTo(CLIENTS);
		assertThat(count("SELECT COUNT(*) FROM batch_job_instance")).as("one instance per job").isEqualTo(CLIENTS);
		assertThat(count("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'COMPLETED'"))
			.as("each job completed once")
			.isEqualTo(CLIENTS);
		assertThat(count("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'FAILED'"))
			.as("the executions cut off by the kill, recovered")
			.isEqualTo(executionsAtKill.size());
		assertThat(count("SELECT COUNT(*) FROM batch_job_execution WHERE status NOT IN ('COMPLETED', 'FAILED')"))
			.isZero();
		try (LuceneVectorStore store = new LuceneVectorStore(this.data.resolve("lucene"))) {
			for (long client = 1; client <= CLIENTS; client++) {
				String clientId = Long.toString(client);
				Set<UUID> expected = rows.get(client)
					.stream()
					.map((issue) -> PointIds.of(clientId, "issues", Long.toString(issue.id())))
					.collect(Collectors.toSet());
				assertThat(store.pointIds(CollectionNames.of("issues", "hash"), clientId)).isEqualTo(expected);
			}
		}
	}

	private Map<Long, List<Issue>> createIssues() {
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		List<Issue> all = issues.generate(CLIENTS * ROWS, LongStream.rangeClosed(1, CLIENTS).toArray());
		issues.insert(all);
		return all.stream().collect(Collectors.groupingBy(Issue::clientId));
	}

	/**
	 * A token that submits for every client, for the server's API. Its tables are created here: the server creates
	 * them only as it starts, and the token must be there when the first request comes.
	 */
	private String createToken() {
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(this.dataSource);
		ApiTokens tokens = new ApiTokens(this.jdbcTemplate, new DataSourceTransactionManager(this.dataSource));
		List<String> clients = LongStream.rangeClosed(1, CLIENTS).mapToObj(Long::toString).toList();
		return tokens.create("ci", clients, Set.of(ApiRole.SUBMIT)).secret();
	}

	private ReembedProcess serve(int port) throws Exception {
		ReembedProcess server = ReembedProcess.start(this.data.resolve("logs"), List.of("serve",
				"--server.port=" + port, "--spring.datasource.url=" + this.url, "--spring.datasource.username=postgres",
				"--reembed.store.lucene.path=" + this.data.resolve("lucene"), "--reembed.job.chunk-size=10",
				"--reembed.job.grid-size=2", "--reembed.orchestrator.max-concurrent-jobs=2",
				"--reembed.orchestrator.poll-interval=200ms",
				"--spring.main.sources=" + SlowHashProviderSource.class.getName(),
				"--" + SlowHashProviderSource.DELAY + "=100ms"));
		this.servers.add(server);
		return server;
	}

	/** Waits for the server to answer, then for the jobs' statuses to satisfy the condition. */
	private void awaitJobs(ReembedProcess server, Predicate<Map<String, Long>> condition) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (Instant.now().isBefore(deadline)) {
			assertThat(server.isAlive()).as("the server ended: %s", server.output()).isTrue();
			if (condition.test(statuses())) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("The jobs are still " + statuses() + ": " + server.output());
	}

	private Map<String, Long> statuses() {
		try {
			return this.jdbcTemplate.queryForList("SELECT status FROM reembed_job", String.class)
				.stream()
				.collect(Collectors.groupingBy((status) -> status, Collectors.counting()));
		}
		catch (RuntimeException ex) {
			// The server has not created the queue yet.
			return Map.of();
		}
	}

	private long startedExecutions() {
		return count("SELECT COUNT(*) FROM batch_job_execution WHERE status = 'STARTED'");
	}

	private long writtenByRunningJobs() {
		return count("SELECT COALESCE(SUM(s.write_count), 0) FROM batch_step_execution s "
				+ "JOIN reembed_job j ON j.job_execution_id = s.job_execution_id WHERE j.status = 'RUNNING' "
				+ "AND s.step_name LIKE '%.partition:%'");
	}

	private long count(String sql) {
		Long count = this.jdbcTemplate.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private HttpResponse<String> post(int port, String path, String body, String token) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + path);
		Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
		while (true) {
			try {
				return this.http.send(HttpRequest.newBuilder(uri)
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/json")
					.POST(BodyPublishers.ofString(body))
					.build(), BodyHandlers.ofString());
			}
			catch (java.net.ConnectException ex) {
				// Not listening yet.
				assertThat(Instant.now()).as("the server did not start listening").isBefore(deadline);
				Thread.sleep(200);
			}
		}
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
