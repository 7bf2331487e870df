package io.reembed.job;

import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.reembed.embedding.PreparedText;
import io.reembed.source.SourceRow;
import io.reembed.source.TextTemplate;
import io.reembed.store.PayloadKeys;
import io.reembed.store.PointIds;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Builds a row's text from its template, cuts it to the model's limit and hashes it. It calls no provider, so a
 * chunk scan after a failed write never pays for an embedding twice.
 */
public class EmbeddingInputProcessor implements ItemProcessor<SourceRow, EmbeddingInput> {

	private final BackfillTarget target;

	private final @Nullable BackfillTarget dualWriteTarget;

	private final TextTemplate template;

	private final BackfillMetrics metrics;

	/**
	 * @param dualWriteTarget the collection of a re-embed running meanwhile, for which each row is made ready too
	 */
	public EmbeddingInputProcessor(BackfillTarget target, @Nullable BackfillTarget dualWriteTarget,
			BackfillMetrics metrics) {
		this.target = target;
		this.dualWriteTarget = dualWriteTarget;
		this.template = target.template();
		this.metrics = metrics;
	}

	@Override
	public EmbeddingInput process(SourceRow row) {
		String table = this.target.table().name();
		String model = this.target.provider().model().name();
		this.metrics.read(table, model);
		String text = this.template.render(row.values());
		if (text.isEmpty()) {
			throw new EmptyTextException(table, row.recordId(), this.target.vectorType());
		}
		EmbeddingInput dualWrite = (this.dualWriteTarget != null) ? prepare(this.dualWriteTarget, row, text, null)
				: null;
		return prepare(this.target, row, text, dualWrite);
	}

	private EmbeddingInput prepare(BackfillTarget target, SourceRow row, String text,
			@Nullable EmbeddingInput dualWrite) {
		PreparedText prepared = target.provider().prepare(text);
		if (prepared.truncated()) {
			this.metrics.truncated(target.table().name(), target.provider().model().name());
		}
		// The collection's copy: the model builds its fingerprint anew each time it is asked, once a row here.
		String fingerprint = target.collection().modelFingerprint();
		return new EmbeddingInput(row.recordId(), PointIds.of(target.clientId(), target.table().name(), row.recordId()),
				prepared.text(), ContentHashes.of(fingerprint, prepared.text()), payload(row, fingerprint), dualWrite);
	}

	private Map<String, Object> payload(SourceRow row, String fingerprint) {
		Map<String, Object> payload = new HashMap<>();
		for (String column : this.target.table().definition().payloadColumns()) {
			Object value = payloadValue(row.values().get(column.toLowerCase(Locale.ROOT)));
			if (value != null) {
				payload.put(column, value);
			}
		}
		payload.put(PayloadKeys.TABLE, this.target.table().name());
		payload.put(PayloadKeys.RECORD_ID, row.recordId());
		payload.put(PayloadKeys.MODEL, fingerprint);
		return payload;
	}

	private static @Nullable Object payloadValue(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
				|| value instanceof Double) {
			return value;
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof Float || value instanceof java.math.BigDecimal) {
			return ((Number) value).doubleValue();
		}
		if (value instanceof java.sql.Timestamp timestamp) {
			return timestamp.toInstant().toString();
		}
		if (value instanceof TemporalAccessor) {
			return value.toString();
		}
		return value.toString();
	}

}
