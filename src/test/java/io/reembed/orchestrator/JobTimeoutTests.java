package io.reembed.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import io.reembed.job.CollectionNames;
import io.reembed.store.VectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator's job timeout on the local PostgreSQL server. The timeout applies to every job of a context, so
 * it has a context of its own: a timeout short enough to test quickly would also stop the other tests' jobs on a
 * busy machine.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.cli.enabled=false",
		"reembed.orchestrator.enabled=true", "reembed.orchestrator.poll-interval=100ms",
		"reembed.orchestrator.job-timeout=" + JobTimeoutTests.TIMEOUT_SECONDS + "s", "reembed.embedding.model=hash",
		"reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(OrchestratorTestConfiguration.class)
@DirtiesContext
class JobTimeoutTests {

	static final int TIMEOUT_SECONDS = 8;

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	private static final int ROWS = 600;

	private static final String CLIENT = "41";

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerPostgres(registry, URL, () -> data);
	}

	@AfterAll
	static void dropSchema(@Autowired JobScheduler scheduler) {
		// The scheduler would go on looking at a queue that is gone.
		scheduler.stop();
		TestDatabases.dropPostgresSchema(URL);
	}

	@Test
	void aJobRunningPastTheTimeoutIsStoppedAndItsRestartResumesWithoutEmbeddingARowTwice(
			@Autowired Orchestrator orchestrator, @Autowired SlowEmbeddingProvider provider,
			@Autowired VectorStore store, @Autowired DataSource dataSource) {
		// given: two partitions of 30 chunks at 0.6 s a chunk would take 18 s
		IssueRows issues = new IssueRows(dataSource);
		issues.create();
		issues.insert(issues.generate(ROWS, Long.parseLong(CLIENT)));
		provider.delay(Duration.ofMillis(600));
		long textsBefore = provider.texts();
		long id = orchestrator.submit(List.of(new JobRequest(JobKind.BACKFILL, "issues", CLIENT, null, "hash",
				"content", Priority.MEDIUM)))
			.get(0);

		// when
		OrchestratedJob timedOut = OrchestratedJobs.await(orchestrator, id, (job) -> job.state().isFinished());
		JobDetails details = orchestrator.details(id);
		provider.delay(Duration.ofMillis(1));
		orchestrator.restart(id);
		OrchestratedJob restarted = OrchestratedJobs.await(orchestrator, id, (job) -> job.state().isFinished());

		// then
		assertThat(timedOut.state()).isEqualTo(JobState.FAILED);
		assertThat(timedOut.reason()).isEqualTo("timeout");
		assertThat(timedOut.batchStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(details.progress()).isNotNull();
		assertThat(details.progress().done()).isPositive().isLessThan(ROWS);
		assertThat(details.progress().total()).isEqualTo(ROWS);
		assertThat(restarted.state()).isEqualTo(JobState.COMPLETED);
		assertThat(restarted.batchStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(orchestrator.details(id).progress().done()).isEqualTo(ROWS);
		assertThat(store.count(CollectionNames.of("issues", "hash"), CLIENT)).isEqualTo(ROWS);
		assertThat(provider.texts() - textsBefore).isEqualTo(ROWS);
	}

}
