package io.reembed.orchestrator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.reembed.job.CollectionNames;
import io.reembed.store.VectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.IssueRows.Issue;
import io.reembed.support.SlowEmbeddingProvider;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator on the local PostgreSQL server, with the {@code hash} model slowed down: priorities, the
 * concurrency limit, cancel and restart. The job timeout is far above any job here, so that a busy machine never
 * stops one; {@link JobTimeoutTests} tests the timeout.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.cli.enabled=false",
		"reembed.orchestrator.enabled=true", "reembed.orchestrator.max-concurrent-jobs=2",
		"reembed.orchestrator.poll-interval=100ms", "reembed.orchestrator.job-timeout=10m",
		"reembed.embedding.model=hash", "reembed.job.grid-size=2", "reembed.job.chunk-size=10" })
@Import(OrchestratorTestConfiguration.class)
@DirtiesContext
class OrchestratorTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	private static final int SMALL_CLIENTS = 20;

	private static final int SMALL_ROWS = 30;

	private static final int LARGE_ROWS = 200;

	@TempDir
	static Path data;

	@Autowired
	Orchestrator orchestrator;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	SlowEmbeddingProvider provider;

	@Autowired
	OrchestratorTestConfiguration.Concurrency concurrency;

	@Autowired
	VectorStore store;

	@Autowired
	DataSource dataSource;

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

	/** Clients 1 to 20 with 30 rows each, and 31 to 34 with 200 each. */
	@BeforeEach
	void createIssues() {
		awaitJobs((job) -> job.state() != JobState.PENDING && job.state() != JobState.RUNNING);
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		List<Issue> rows = new ArrayList<>();
		long id = 1;
		for (int client = 1; client <= SMALL_CLIENTS; client++) {
			id = add(rows, id, client, SMALL_ROWS);
		}
		for (int client = 31; client <= 34; client++) {
			id = add(rows, id, client, LARGE_ROWS);
		}
		issues.insert(rows);
		this.provider.delay(Duration.ofMillis(20));
		this.concurrency.reset();
	}

	@Test
	void twentyJobsStartByPriorityThenArrivalAndNeverMoreThanTheLimitRunAtOnce() {
		// given
		Priority[] priorities = { Priority.LOW, Priority.MEDIUM, Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM };
		List<JobRequest> requests = new ArrayList<>();
		for (int client = 1; client <= SMALL_CLIENTS; client++) {
			requests.add(backfill(client, priorities[client % priorities.length]));
		}

		// when
		List<Long> ids = this.orchestrator.submit(requests);
		List<OrchestratedJob> jobs = awaitJobs(ids, JobState.COMPLETED);

		// then
		List<Long> expectedOrder = jobs.stream()
			.sorted(Comparator.comparing(OrchestratedJob::priority).reversed().thenComparing(OrchestratedJob::id))
			.map(OrchestratedJob::id)
			.toList();
		List<Long> startOrder = jobs.stream()
			.sorted(Comparator.comparing(OrchestratedJob::startedAt))
			.map(OrchestratedJob::id)
			.toList();
		assertThat(startOrder).isEqualTo(expectedOrder);
		assertThat(this.concurrency.most()).isEqualTo(2);
		assertThat(jobs).allSatisfy((job) -> assertThat(job.batchStatus()).isEqualTo(BatchStatus.COMPLETED));
		for (int client = 1; client <= SMALL_CLIENTS; client++) {
			assertThat(this.store.count(CollectionNames.of("issues", "hash"), Integer.toString(client)))
				.isEqualTo(SMALL_ROWS);
		}
	}

	@Test
	void aCancelledRunningJobEndsStoppedAndRestartsToCompletionAndACancelledQueuedJobNeverRuns() {
		// given
		this.provider.delay(Duration.ofMillis(100));
		List<Long> ids = this.orchestrator.submit(List.of(backfill(31, Priority.HIGH), backfill(32, Priority.HIGH),
				backfill(33, Priority.LOW)));
		long running = ids.get(0);
		long queued = ids.get(2);
		awaitJob(running, (job) -> job.jobExecutionId() != null);

		// when
		OrchestratedJob queuedAfterCancel = this.orchestrator.cancel(queued);
		OrchestratedJob runningAfterCancel = this.orchestrator.cancel(running);
		OrchestratedJob cancelled = awaitJob(running, (job) -> job.state().isFinished());
		JobExecution stopped = this.jobRepository.getJobExecution(cancelled.jobExecutionId());
		this.provider.delay(Duration.ofMillis(5));
		this.orchestrator.restart(running);
		OrchestratedJob restarted = awaitJob(running, (job) -> job.state().isFinished());
		OrchestratedJob other = awaitJob(ids.get(1), (job) -> job.state().isFinished());

		// then
		assertThat(queuedAfterCancel.state()).isEqualTo(JobState.CANCELLED);
		assertThat(runningAfterCancel.state()).isEqualTo(JobState.RUNNING);
		assertThat(runningAfterCancel.stopReason()).isEqualTo(StopReason.CANCEL);
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.batchStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(stopped.getStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(stopped.getStepExecutions()).allSatisfy(
				(step) -> assertThat(step.getStatus()).isIn(BatchStatus.COMPLETED, BatchStatus.STOPPED));
		assertThat(restarted.state()).isEqualTo(JobState.COMPLETED);
		assertThat(this.jobRepository.getJobExecutions(stopped.getJobInstance())).hasSize(2);
		assertThat(other.state()).isEqualTo(JobState.COMPLETED);
		assertThat(this.orchestrator.job(queued).jobExecutionId()).isNull();
		assertThat(this.orchestrator.job(queued).state()).isEqualTo(JobState.CANCELLED);
		assertThat(this.store.count(CollectionNames.of("issues", "hash"), "31")).isEqualTo(LARGE_ROWS);
		assertThat(this.store.count(CollectionNames.of("issues", "hash"), "33")).isZero();
	}

	@Test
	void theSameBackfillSubmittedTwiceRunsOnceAfterTheOther() {
		// given
		this.provider.delay(Duration.ofMillis(30));

		// when
		List<Long> ids = this.orchestrator.submit(List.of(backfill(32, Priority.MEDIUM), backfill(32, Priority.HIGH)));
		List<OrchestratedJob> jobs = awaitJobs(ids, JobState.COMPLETED);

		// then
		OrchestratedJob first = jobs.get(1);
		OrchestratedJob second = jobs.get(0);
		assertThat(second.startedAt()).isAfterOrEqualTo(first.endedAt());
		assertThat(this.concurrency.most()).isEqualTo(1);
	}

	@Test
	void aStoppingSchedulerQueuesItsRunningJobAgainAndItsNextStartResumesIt(@Autowired JobScheduler scheduler) {
		// given
		this.provider.delay(Duration.ofMillis(100));
		long textsBefore = this.provider.texts();
		long id = this.orchestrator.submit(List.of(backfill(34, Priority.MEDIUM))).get(0);
		awaitJob(id, (job) -> job.jobExecutionId() != null && this.provider.texts() > textsBefore);

		// when
		scheduler.stop();
		OrchestratedJob stopped = this.orchestrator.job(id);
		this.provider.delay(Duration.ofMillis(5));
		scheduler.start();
		OrchestratedJob resumed = awaitJob(id, (job) -> job.state().isFinished());

		// then
		assertThat(stopped.state()).isEqualTo(JobState.PENDING);
		assertThat(stopped.batchStatus()).isEqualTo(BatchStatus.STOPPED);
		assertThat(resumed.state()).isEqualTo(JobState.COMPLETED);
		JobExecution completed = this.jobRepository.getJobExecution(resumed.jobExecutionId());
		assertThat(this.jobRepository.getJobExecutions(completed.getJobInstance())).hasSize(2);
		assertThat(this.store.count(CollectionNames.of("issues", "hash"), "34")).isEqualTo(LARGE_ROWS);
		assertThat(this.provider.texts() - textsBefore).isEqualTo(LARGE_ROWS);
	}

	private static long add(List<Issue> rows, long firstId, long client, int count) {
		long id = firstId;
		for (int i = 0; i < count; i++, id++) {
			rows.add(new Issue(id, client, "Issue " + id, "Summary of issue " + id + " for client " + client,
					"Steps to reproduce issue " + id));
		}
		return id;
	}

	private static JobRequest backfill(int client, Priority priority) {
		return new JobRequest(JobKind.BACKFILL, "issues", Integer.toString(client), null, "hash", "content",
				priority);
	}

	private OrchestratedJob awaitJob(long id, Predicate<OrchestratedJob> condition) {
		return OrchestratedJobs.await(this.orchestrator, id, condition);
	}

	private List<OrchestratedJob> awaitJobs(List<Long> ids, JobState state) {
		List<OrchestratedJob> jobs = new ArrayList<>();
		for (long id : ids) {
			jobs.add(awaitJob(id, (job) -> job.state().isFinished()));
		}
		Map<JobState, List<Long>> byState = jobs.stream()
			.collect(Collectors.groupingBy(OrchestratedJob::state,
					Collectors.mapping(OrchestratedJob::id, Collectors.toList())));
		assertThat(byState).containsOnlyKeys(state);
		return jobs;
	}

	private void awaitJobs(Predicate<OrchestratedJob> condition) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (!this.orchestrator.jobs(new JobFilter(null, null, null, JobFilter.MAX_LIMIT))
			.stream()
			.allMatch(condition)) {
			assertThat(Instant.now()).as("jobs of an earlier test still run").isBefore(deadline);
			OrchestratedJobs.pause();
		}
		new JdbcTemplate(this.dataSource).update("DELETE FROM reembed_job");
	}

}
