package io.reembed.observability;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;
import io.reembed.job.BackfillJobConfiguration;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ReembedJobConfiguration;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Counts the job executions of this process by how they ended, times them, and tracks the ones running. Finished
 * executions are tagged by kind (the job's name), table and model, and only with tables configured and models
 * registered, so that the series stay few whatever a job was asked for. Client ids are never a tag: tenants are
 * unbounded, and each one would multiply every series; the job's own report and its webhook name the client.
 */
public class JobMetrics implements JobExecutionListener {

	/** Executions that completed. */
	public static final String COMPLETED = "reembed.jobs.completed";

	/** Executions that failed, were abandoned, or ended in an unknown state. */
	public static final String FAILED = "reembed.jobs.failed";

	/** Executions stopped before their end: cancelled, or timed out. */
	public static final String STOPPED = "reembed.jobs.stopped";

	/** Executions running now, by kind. */
	public static final String ACTIVE = "reembed.jobs.active";

	/** How long the longest-running execution has run so far. */
	public static final String LONGEST_ACTIVE = "reembed.jobs.active.longest";

	/** Jobs waiting in the queue, when there is one. */
	public static final String QUEUED = "reembed.jobs.queued";

	/** Time of finished executions, by kind, table, model and outcome. */
	public static final String DURATION = "reembed.job.duration";

	/** No table or model: the job's parameters did not name one. */
	static final String NONE = "none";

	/** A table not configured, or a model not registered. */
	static final String UNKNOWN = "unknown";

	private static final Duration[] DURATION_BUCKETS = { Duration.ofSeconds(30), Duration.ofMinutes(1),
			Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
			Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(24) };

	private final MeterRegistry registry;

	private final ReembedProperties properties;

	private final TableCatalog tableCatalog;

	private final ModelRegistry modelRegistry;

	private final Map<String, AtomicInteger> activeByKind = new ConcurrentHashMap<>();

	private final Map<Long, Running> running = new ConcurrentHashMap<>();

	public JobMetrics(MeterRegistry registry, ReembedProperties properties, TableCatalog tableCatalog,
			ModelRegistry modelRegistry) {
		this.registry = registry;
		this.properties = properties;
		this.tableCatalog = tableCatalog;
		this.modelRegistry = modelRegistry;
		// Both kinds show 0 from the start, so that a dashboard or an alert has a series before the first run.
		active(BackfillJobConfiguration.JOB_NAME);
		active(ReembedJobConfiguration.JOB_NAME);
		Gauge.builder(LONGEST_ACTIVE, this, JobMetrics::longestActiveSeconds)
			.description("How long the longest-running job execution of this process has run so far")
			.baseUnit("seconds")
			.register(registry);
	}

	@Override
	public void beforeJob(JobExecution jobExecution) {
		String kind = jobExecution.getJobInstance().getJobName();
		if (this.running.putIfAbsent(jobExecution.getId(), new Running(kind, System.nanoTime())) == null) {
			active(kind).incrementAndGet();
		}
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		// Spring Batch calls afterJob even when beforeJob was not, e.g. for parameters that failed validation.
		Running run = this.running.remove(jobExecution.getId());
		if (run != null) {
			active(run.kind()).decrementAndGet();
		}
		String outcome = outcome(jobExecution.getStatus());
		Tags tags = tags(jobExecution);
		Counter.builder("reembed.jobs." + outcome)
			.description("Job executions " + outcome + ", by kind, table and model")
			.tags(tags)
			.register(this.registry)
			.increment();
		LocalDateTime start = jobExecution.getStartTime();
		LocalDateTime end = jobExecution.getEndTime();
		if (start != null && end != null) {
			Timer.builder(DURATION)
				.description("Time of a job execution from its start to its end")
				.tags(tags.and("status", outcome))
				.serviceLevelObjectives(DURATION_BUCKETS)
				.register(this.registry)
				.record(Duration.between(start, end));
		}
	}

	private Tags tags(JobExecution jobExecution) {
		String table = NONE;
		String model = NONE;
		try {
			BackfillParameters parameters = BackfillParameters.from(jobExecution.getJobParameters(), this.properties);
			table = isConfigured(parameters.table()) ? parameters.table() : UNKNOWN;
			model = isRegistered(parameters.model()) ? parameters.model() : UNKNOWN;
		}
		catch (IllegalArgumentException ex) {
			// The execution failed on these very parameters; it is still counted.
		}
		return Tags.of("kind", jobExecution.getJobInstance().getJobName(), "table", table, "model", model);
	}

	private boolean isConfigured(String table) {
		return this.tableCatalog.byPriority().stream().anyMatch((definition) -> definition.table().equals(table));
	}

	private boolean isRegistered(String model) {
		return this.modelRegistry.all().stream().anyMatch((spec) -> spec.name().equals(model));
	}

	private AtomicInteger active(String kind) {
		return this.activeByKind.computeIfAbsent(kind, (name) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder(ACTIVE, count, AtomicInteger::get)
				.description("Job executions running in this process, by kind")
				.tag("kind", name)
				.register(this.registry);
			return count;
		});
	}

	private double longestActiveSeconds() {
		long now = System.nanoTime();
		return this.running.values()
			.stream()
			.mapToLong((run) -> now - run.startedNanos())
			.max()
			.orElse(0) / 1_000_000_000.0;
	}

	private record Running(String kind, long startedNanos) {
	}

	/** How an execution ended, as its counter's name ends: completed, failed or stopped. */
	static String outcome(BatchStatus status) {
		return switch (status) {
			case COMPLETED -> "completed";
			case STOPPING, STOPPED -> "stopped";
			default -> "failed";
		};
	}

}
