package io.reembed.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.reembed.embedding.EmbeddingException;
import io.reembed.store.PayloadKeys;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Embeds a whole chunk in one provider call, then writes its points and returns only once the store has
 * acknowledged them, so the chunk commits only with its points safely stored, and with their references.
 */
public class EmbeddingItemWriter implements ItemWriter<EmbeddingInput> {

	private final BackfillTarget target;

	private final @Nullable BackfillTarget dualWriteTarget;

	private final VectorStore store;

	private final TransientErrors transientErrors;

	private final BackfillMetrics metrics;

	private final VectorReferences references;

	private final boolean incremental;

	private final boolean reembedding;

	private final StepExecution stepExecution;

	/**
	 * @param dualWriteTarget the collection of a re-embed running meanwhile, which the chunk's rows are written to
	 * as well, made ready for its model by the processor
	 * @param incremental whether rows whose content hash is recorded for their point already are left out before
	 * the provider is called
	 * @param stepExecution the partition's execution, whose context counts the rows left out as unchanged
	 */
	public EmbeddingItemWriter(BackfillTarget target, @Nullable BackfillTarget dualWriteTarget, VectorStore store,
			TransientErrors transientErrors, BackfillMetrics metrics, VectorReferences references,
			boolean incremental, StepExecution stepExecution) {
		this.stepExecution = stepExecution;
		this.target = target;
		this.dualWriteTarget = dualWriteTarget;
		this.store = store;
		this.transientErrors = transientErrors;
		this.metrics = metrics;
		this.references = references;
		this.incremental = incremental;
		this.reembedding = ReembedJobConfiguration.JOB_NAME
			.equals(stepExecution.getJobExecution().getJobInstance().getJobName());
	}

	@Override
	public void write(Chunk<? extends EmbeddingInput> chunk) {
		write(this.target, chunk.getItems());
		if (this.dualWriteTarget != null) {
			List<EmbeddingInput> dualWrites = new ArrayList<>(chunk.size());
			for (EmbeddingInput input : chunk.getItems()) {
				if (input.dualWrite() != null) {
					dualWrites.add(input.dualWrite());
				}
			}
			write(this.dualWriteTarget, dualWrites);
		}
	}

	private void write(BackfillTarget target, List<? extends EmbeddingInput> items) {
		String table = target.table().name();
		String model = target.provider().model().name();
		String collection = target.collection().name();
		List<? extends EmbeddingInput> inputs = this.incremental ? changed(target, items) : items;
		if (inputs.isEmpty()) {
			return;
		}
		List<String> texts = inputs.stream().map(EmbeddingInput::text).toList();
		long started = System.nanoTime();
		List<float[]> vectors = this.transientErrors.run("embed " + table, () -> target.provider().embed(texts));
		this.metrics.embeddingLatency(table, model, Duration.ofNanos(System.nanoTime() - started));
		if (vectors.size() != inputs.size()) {
			throw new EmbeddingException("Model '" + model + "' returned " + vectors.size() + " vectors for "
					+ inputs.size() + " texts of table '" + table + "'");
		}
		List<VectorPoint> points = new ArrayList<>(inputs.size());
		Instant now = Instant.now();
		String embeddedAt = now.toString();
		for (int i = 0; i < inputs.size(); i++) {
			EmbeddingInput input = inputs.get(i);
			Map<String, Object> payload = new HashMap<>(input.payload());
			payload.put(PayloadKeys.contentHash(target.vectorType()), input.contentHash());
			payload.put(PayloadKeys.EMBEDDED_AT, embeddedAt);
			points.add(new VectorPoint(input.pointId(), target.clientId(), Map.of(target.vectorType(), vectors.get(i)),
					payload));
		}
		this.transientErrors.run("upsert into " + collection, () -> {
			this.store.upsert(collection, points);
			return null;
		});
		this.references.record(collection, target.vectorType(), target.clientId(), table,
				target.provider().model().fingerprint(),
				inputs.stream()
					.map((input) -> new VectorReferences.Reference(input.pointId(), input.recordId(),
							input.contentHash()))
					.toList(),
				now, this.stepExecution.getJobExecutionId());
		this.metrics.embedded(table, model, inputs.size());
		if (this.reembedding) {
			this.metrics.reembedded(table, model, inputs.size());
		}
	}

	/**
	 * Step execution context key of the rows an incremental partition left out as unchanged: they count as written
	 * for Spring Batch, but were neither embedded nor stored.
	 */
	public static final String UNCHANGED = "embed.unchanged";

	/** Step execution context key: the step execution whose rows {@link #UNCHANGED} counts. */
	public static final String UNCHANGED_BY = "embed.unchanged.by";

	/** The inputs whose text changed since their point was last embedded, asked for the whole chunk at once. */
	private List<? extends EmbeddingInput> changed(BackfillTarget target, List<? extends EmbeddingInput> inputs) {
		Map<UUID, String> known = this.references.contentHashes(target.collection().name(), target.vectorType(),
				inputs.stream().map(EmbeddingInput::pointId).toList());
		List<? extends EmbeddingInput> changed = inputs.stream()
			.filter((input) -> !input.contentHash().equals(known.get(input.pointId())))
			.toList();
		int unchanged = inputs.size() - changed.size();
		this.metrics.unchanged(target.table().name(), target.provider().model().name(), unchanged);
		if (target == this.target) {
			// A restarted partition starts from its last execution's context, but counts its own rows.
			ExecutionContext context = this.stepExecution.getExecutionContext();
			long counted = (context.getLong(UNCHANGED_BY, -1) == this.stepExecution.getId())
					? context.getLong(UNCHANGED, 0) : 0;
			context.putLong(UNCHANGED, counted + unchanged);
			context.putLong(UNCHANGED_BY, this.stepExecution.getId());
		}
		return changed;
	}

}
