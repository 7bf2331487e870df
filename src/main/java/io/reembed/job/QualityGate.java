package io.reembed.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import io.reembed.config.ReembedProperties;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.source.SourceRow;
import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.CollectionSpec;
import io.reembed.store.PointIds;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorStore;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures a re-embed before its switch: coverage, dimensions and norms, and, on a sample of rows, how well a
 * row's own text finds it in the old and in the new collection and how far the two agree on its neighbours.
 * <p>
 * The sample is every n-th row in primary key order, so that a restarted verification measures the same rows.
 */
final class QualityGate {

	static final int K = 10;

	private static final int EMBED_BATCH = 100;

	private final VectorStore store;

	private final JdbcTemplate jdbcTemplate;

	private final ReembedProperties.Quality thresholds;

	QualityGate(VectorStore store, JdbcTemplate jdbcTemplate, ReembedProperties.Quality thresholds) {
		this.store = store;
		this.jdbcTemplate = jdbcTemplate;
		this.thresholds = thresholds;
	}

	/**
	 * @param source the target as the alias serves it now: the old model and collection
	 * @param target the new model and collection
	 * @param deadLettered rows the re-embed dead-lettered
	 */
	QualityReport evaluate(BackfillTarget source, BackfillTarget target, long deadLettered) {
		String table = target.table().name();
		String clientId = target.clientId();
		CollectionSpec collection = this.store.describe(target.collection().name())
			.orElseThrow(() -> new CollectionNotFoundException(target.collection().name()));
		ScopedRows rows = new ScopedRows(this.jdbcTemplate, target.table(), clientId);
		long rowsInScope = rows.count();
		long points = this.store.count(collection.name(), clientId);
		List<SampledRow> sample = sample(rows, target, rowsInScope);

		List<float[]> oldVectors = embed(source.provider(), sample);
		List<float[]> newVectors = embed(target.provider(), sample);
		// Searches are independent and the store serves them concurrently: the sample is searched in parallel.
		List<SampledQuality> measured = IntStream.range(0, sample.size()).parallel().mapToObj((i) -> {
			if (!valid(newVectors.get(i))) {
				return SampledQuality.INVALID;
			}
			UUID own = sample.get(i).pointId();
			Set<UUID> oldNeighbours = neighbours(source.collection().name(), source.vectorType(), clientId,
					oldVectors.get(i));
			Set<UUID> newNeighbours = neighbours(collection.name(), target.vectorType(), clientId, newVectors.get(i));
			Set<UUID> shared = new HashSet<>(oldNeighbours);
			shared.retainAll(newNeighbours);
			return new SampledQuality(true, oldNeighbours.contains(own), newNeighbours.contains(own),
					(double) shared.size() / K);
		}).toList();
		int invalid = (int) measured.stream().filter((quality) -> !quality.valid()).count();
		int foundOld = (int) measured.stream().filter(SampledQuality::foundOld).count();
		int foundNew = (int) measured.stream().filter(SampledQuality::foundNew).count();
		double overlapSum = measured.stream().mapToDouble(SampledQuality::overlap).sum();
		int sampled = sample.size();
		double recallOld = (sampled == 0) ? 1.0 : (double) foundOld / sampled;
		double recallNew = (sampled == 0) ? 1.0 : (double) foundNew / sampled;
		double overlap = (sampled == 0) ? 1.0 : overlapSum / sampled;

		List<String> failures = new ArrayList<>();
		double coverage = (rowsInScope == 0) ? 1.0 : (double) (points + deadLettered) / rowsInScope;
		if (coverage < this.thresholds.minCoverage()) {
			failures.add(String.format(Locale.ROOT, "coverage %.4f is below %.4f: %d of %d rows of table '%s' have "
					+ "neither a point nor a dead-letter row", coverage, this.thresholds.minCoverage(),
					Math.max(0, rowsInScope - points - deadLettered), rowsInScope, table));
		}
		int expectedDimensions = target.provider().model().dimensions();
		if (collection.dimensions() != expectedDimensions) {
			failures.add("collection '" + collection.name() + "' holds " + collection.dimensions()
					+ "-dimensional vectors, the model makes " + expectedDimensions);
		}
		if (invalid > 0) {
			failures.add(invalid + " sampled vectors are not finite or have no length");
		}
		if (recallNew < this.thresholds.minRecall()) {
			failures.add(String.format(Locale.ROOT, "recall@10 %.3f is below %.3f", recallNew,
					this.thresholds.minRecall()));
		}
		if (recallNew < recallOld - this.thresholds.maxRecallDrop()) {
			failures.add(String.format(Locale.ROOT, "recall@10 fell from %.3f to %.3f, more than %.3f", recallOld,
					recallNew, this.thresholds.maxRecallDrop()));
		}
		if (overlap < this.thresholds.minOverlap()) {
			failures.add(String.format(Locale.ROOT, "overlap@10 %.3f is below %.3f", overlap,
					this.thresholds.minOverlap()));
		}
		return new QualityReport(source.collection().name(), collection.name(), rowsInScope, points, deadLettered,
				expectedDimensions, collection.dimensions(), sampled, invalid, recallOld, recallNew, overlap,
				failures);
	}

	private List<SampledRow> sample(ScopedRows rows, BackfillTarget target, long rowsInScope) {
		int size = this.thresholds.sampleSize();
		long every = Math.max(1, rowsInScope / Math.max(1, size));
		List<SampledRow> sample = new ArrayList<>();
		rows.forEveryNth(every, (SourceRow row) -> {
			String text = target.template().render(row.values());
			if (!text.isEmpty() && sample.size() < size) {
				sample.add(new SampledRow(PointIds.of(target.clientId(), target.table().name(), row.recordId()), text));
			}
		});
		return sample;
	}

	private static List<float[]> embed(EmbeddingProvider provider, List<SampledRow> sample) {
		List<float[]> vectors = new ArrayList<>(sample.size());
		for (int from = 0; from < sample.size(); from += EMBED_BATCH) {
			List<String> texts = sample.subList(from, Math.min(sample.size(), from + EMBED_BATCH))
				.stream()
				.map((row) -> provider.prepare(row.text()).text())
				.toList();
			vectors.addAll(provider.embed(texts));
		}
		return vectors;
	}

	private Set<UUID> neighbours(String collection, String vectorType, String clientId, float[] vector) {
		Set<UUID> ids = new HashSet<>();
		for (SearchHit hit : this.store.search(collection, new SearchRequest(vectorType, clientId, vector, K))) {
			ids.add(hit.id());
		}
		return ids;
	}

	private static boolean valid(float[] vector) {
		double squaredLength = 0;
		for (float value : vector) {
			if (!Float.isFinite(value)) {
				return false;
			}
			squaredLength += value * value;
		}
		return squaredLength > 0;
	}

	private record SampledRow(UUID pointId, String text) {
	}

	private record SampledQuality(boolean valid, boolean foundOld, boolean foundNew, double overlap) {

		static final SampledQuality INVALID = new SampledQuality(false, false, false, 0);

	}

}
