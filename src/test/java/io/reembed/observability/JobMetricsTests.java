package io.reembed.observability;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ReembedParameters;
import io.reembed.support.IssueRows;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs' metrics as Prometheus scrapes them, after a backfill, a re-embed and a failed backfill with the hash
 * models.
 */
@SpringBootTest(properties = { "spring.batch.job.enabled=false", "reembed.cli.enabled=false",
		"reembed.embedding.model=hash", "reembed.job.grid-size=1", "reembed.job.chunk-size=50",
		"reembed.quality.sample-size=40", "reembed.quality.min-overlap=0" })
@DirtiesContext
class JobMetricsTests {

	private static final String CLIENT = "42";

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@Autowired
	PrometheusMeterRegistry prometheus;

	@Autowired
	BackfillLauncher backfillLauncher;

	@Autowired
	ReembedLauncher reembedLauncher;

	@Autowired
	DataSource dataSource;

	@Autowired
	ReembedProperties properties;

	@Autowired
	TableCatalog tableCatalog;

	@Autowired
	ModelRegistry modelRegistry;

	@Test
	void scrapeCountsJobsBatchesAndReembeddedItemsUnderTheirPrometheusNames() throws Exception {
		// given
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(200, 42));

		// when
		JobExecution backfill = this.backfillLauncher
			.launch(new BackfillParameters("issues", CLIENT, "content", ModelRegistry.HASH, null));
		JobExecution reembed = this.reembedLauncher.launch(new ReembedParameters("issues", CLIENT, "content",
				ModelRegistry.HASH, ModelRegistry.HASH_V2, null));
		JobExecution failed = this.backfillLauncher
			.launch(new BackfillParameters("pull_requests", CLIENT, "content", ModelRegistry.HASH, null));
		PrometheusSamples scrape = PrometheusSamples.parse(this.prometheus.scrape());

		// then
		assertThat(backfill.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(reembed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(scrape.value("reembed_jobs_completed_total", "kind", "backfill", "table", "issues", "model",
				"hash"))
			.isEqualTo(1);
		assertThat(scrape.value("reembed_jobs_completed_total", "kind", "reembed", "table", "issues", "model",
				"hash-v2"))
			.isEqualTo(1);
		assertThat(scrape.value("reembed_jobs_failed_total", "kind", "backfill", "table", "pull_requests", "model",
				"hash"))
			.isEqualTo(1);
		assertThat(scrape.value("reembed_jobs_active", "kind", "backfill")).isZero();
		assertThat(scrape.value("reembed_jobs_active", "kind", "reembed")).isZero();
		assertThat(scrape.value("reembed_jobs_active_longest_seconds")).isZero();
		assertThat(scrape.value("reembed_jobs_queued")).isZero();
		assertThat(scrape.value("reembed_batches_processed_total", "table", "issues", "model", "hash")).isEqualTo(4);
		assertThat(scrape.value("reembed_batches_processed_total", "table", "issues", "model", "hash-v2"))
			.isEqualTo(4);
		assertThat(scrape.value("reembed_items_embedded_total", "table", "issues", "model", "hash")).isEqualTo(200);
		assertThat(scrape.value("reembed_items_reembedded_total", "table", "issues", "model", "hash-v2"))
			.isEqualTo(200);
		assertThat(scrape.count("reembed_items_reembedded_total", "model", "hash")).isZero();
		assertThat(scrape.value("reembed_job_duration_seconds_count", "kind", "reembed", "table", "issues", "model",
				"hash-v2", "status", "completed"))
			.isEqualTo(1);
		assertThat(scrape.value("reembed_job_duration_seconds_bucket", "kind", "backfill", "table", "issues",
				"model", "hash", "status", "completed", "le", "+Inf"))
			.isEqualTo(1);
		assertThat(scrape.value("reembed_embedding_latency_seconds_count", "table", "issues", "model", "hash"))
			.isEqualTo(4);
		assertThat(scrape.names()).contains("reembed_embedding_latency_seconds_bucket");
	}

	@Test
	void aRunningExecutionIsActiveUntilItEndsAndAStoppedOneIsCountedWithoutAnUnconfiguredTable() {
		// given
		MeterRegistry registry = new SimpleMeterRegistry();
		JobMetrics metrics = new JobMetrics(registry, this.properties, this.tableCatalog, this.modelRegistry);
		JobExecution execution = new JobExecution(7L, new JobInstance(3L, "backfill"),
				new BackfillParameters("no_such_table", CLIENT, "content", "no-such-model", null).toJobParameters());

		// when
		metrics.beforeJob(execution);
		double activeWhileRunning = registry.get(JobMetrics.ACTIVE).tag("kind", "backfill").gauge().value();
		execution.setStartTime(LocalDateTime.now().minusMinutes(2));
		execution.setEndTime(LocalDateTime.now());
		execution.setStatus(BatchStatus.STOPPED);
		metrics.afterJob(execution);

		// then
		assertThat(activeWhileRunning).isEqualTo(1);
		assertThat(registry.get(JobMetrics.ACTIVE).tag("kind", "backfill").gauge().value()).isZero();
		assertThat(registry.get(JobMetrics.STOPPED)
			.tags("kind", "backfill", "table", JobMetrics.UNKNOWN, "model", JobMetrics.UNKNOWN)
			.counter()
			.count()).isEqualTo(1);
		assertThat(registry.get(JobMetrics.DURATION).tag("status", "stopped").timer().totalTime(TimeUnit.SECONDS))
			.isGreaterThanOrEqualTo(120);
		assertThat(registry.find(JobMetrics.COMPLETED).counters()).isEmpty();
		assertThat(registry.find(JobMetrics.FAILED).counters()).isEmpty();
	}

}
