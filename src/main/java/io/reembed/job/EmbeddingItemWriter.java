package io.reembed.job;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.reembed.embedding.EmbeddingException;
import io.reembed.store.PayloadKeys;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Embeds a whole chunk in one provider call, then writes its points and returns only once the store has
 * acknowledged them, so the chunk commits only with its points safely stored.
 */
public class EmbeddingItemWriter implements ItemWriter<EmbeddingInput> {

	private final BackfillTarget target;

	private final VectorStore store;

	private final TransientErrors transientErrors;

	private final BackfillMetrics metrics;

	public EmbeddingItemWriter(BackfillTarget target, VectorStore store, TransientErrors transientErrors,
			BackfillMetrics metrics) {
		this.target = target;
		this.store = store;
		this.transientErrors = transientErrors;
		this.metrics = metrics;
	}

	@Override
	public void write(Chunk<? extends EmbeddingInput> chunk) {
		List<? extends EmbeddingInput> inputs = chunk.getItems();
		if (inputs.isEmpty()) {
			return;
		}
		String table = this.target.table().name();
		String model = this.target.provider().model().name();
		List<String> texts = inputs.stream().map(EmbeddingInput::text).toList();
		long started = System.nanoTime();
		List<float[]> vectors = this.transientErrors.run("embed " + table,
				() -> this.target.provider().embed(texts));
		this.metrics.embeddingLatency(table, model, Duration.ofNanos(System.nanoTime() - started));
		if (vectors.size() != inputs.size()) {
			throw new EmbeddingException("Model '" + model + "' returned " + vectors.size() + " vectors for "
					+ inputs.size() + " texts of table '" + table + "'");
		}
		List<VectorPoint> points = new ArrayList<>(inputs.size());
		String embeddedAt = Instant.now().toString();
		for (int i = 0; i < inputs.size(); i++) {
			EmbeddingInput input = inputs.get(i);
			Map<String, Object> payload = new HashMap<>(input.payload());
			payload.put(PayloadKeys.contentHash(this.target.vectorType()), input.contentHash());
			payload.put(PayloadKeys.EMBEDDED_AT, embeddedAt);
			points.add(new VectorPoint(input.pointId(), this.target.clientId(),
					Map.of(this.target.vectorType(), vectors.get(i)), payload));
		}
		String collection = this.target.collection().name();
		this.transientErrors.run("upsert into " + collection, () -> {
			this.store.upsert(collection, points);
			return null;
		});
		this.metrics.embedded(table, model, inputs.size());
	}

}
