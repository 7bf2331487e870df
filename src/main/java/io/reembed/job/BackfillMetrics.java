package io.reembed.job;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The pipeline's counters and timers, tagged by table and model.
 */
public final class BackfillMetrics {

	private final MeterRegistry registry;

	public BackfillMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void read(String table, String model) {
		counter("reembed.items.read", table, model).increment();
	}

	/** One chunk's rows embedded and stored: one batch, as one provider call and one store write. */
	public void embedded(String table, String model, int items) {
		counter("reembed.items.embedded", table, model).increment(items);
		counter("reembed.batches.processed", table, model).increment();
	}

	/**
	 * Rows a re-embed job embedded into its new collection and stored, counted by
	 * {@link #embedded(String, String, int)} as well: apart, they say how much moving collections to a new model has
	 * cost. A backfill's dual writes into the collection of a re-embed running meanwhile are the backfill's rows.
	 */
	public void reembedded(String table, String model, int items) {
		counter("reembed.items.reembedded", table, model).increment(items);
	}

	/** Rows an incremental backfill left out: their text has not changed since their point was embedded. */
	public void unchanged(String table, String model, int items) {
		counter("reembed.items.unchanged", table, model).increment(items);
	}

	public void skipped(String table, String model) {
		counter("reembed.items.skipped", table, model).increment();
	}

	public void truncated(String table, String model) {
		counter("reembed.items.truncated", table, model).increment();
	}

	public void embeddingLatency(String table, String model, Duration duration) {
		Timer.builder("reembed.embedding.latency")
			.description("Time of one provider call for a chunk")
			.tag("table", table)
			.tag("model", model)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(duration);
	}

	private Counter counter(String name, String table, String model) {
		return Counter.builder(name).tag("table", table).tag("model", model).register(this.registry);
	}

}
