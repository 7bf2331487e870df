package io.reembed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reembed.ReembedApplication;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.ModelRegistry;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillOptions;
import io.reembed.job.BackfillParameters;
import io.reembed.job.CollectionNames;
import io.reembed.job.ReembedJobConfiguration;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ReembedParameters;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TextTemplate;
import io.reembed.store.PointIds;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorStore;
import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.store.qdrant.QdrantVectorStore;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One benchmark run in a JVM of its own, so that its heap is its own: backfills one table of a prepared database
 * and prints one {@code RESULT key=value ...} line.
 * <p>
 * Arguments: {@code pipeline|model}, the store ({@code lucene|qdrant}), the model, the JDBC URL, the data
 * directory, the client ids (comma separated), and for {@code model} the warm-up's client ids (comma separated,
 * possibly none): their rows go through the model alone and through a backfill before anything is measured.
 * <p>
 * With {@code -Dbench.recall.queries=n} (n &gt; 0) it then measures the store's search quality, recall@10 against
 * exact search on n sampled rows, after the backfill's figures are taken: see {@link #recall}.
 */
public final class BackfillBenchmark {

	/** Rows whose vectors query the store; none unless asked for, as only the Lucene runs need the figure. */
	private static final int RECALL_QUERIES = Integer.getInteger("bench.recall.queries", 0);

	/** Fixed, so that every run, whatever its graph setting, asks the same queries. */
	private static final long RECALL_SEED = 42;

	private static final int RECALL_K = 10;

	/** Rows read, and embedded, at a time by the exact search: bounded, so the heap holds a page, not a table. */
	private static final int RECALL_PAGE = 1_000;

	private BackfillBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String scenario = args[0];
		String store = args[1];
		String model = args[2];
		String url = args[3];
		String dataDir = args[4];
		List<String> clients = List.of(args[5].split(","));
		List<String> warmupClients = (args.length > 6 && !args[6].isBlank()) ? List.of(args[6].split(",")) : List.of();
		HeapSampler heap = HeapSampler.start();
		InProcessQdrantServer qdrant = store.equals("qdrant") ? InProcessQdrantServer.start() : null;
		SpringApplication application = new SpringApplication(ReembedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		if (qdrant != null) {
			application.addInitializers((context) -> context.getBeanFactory()
				.registerSingleton("benchmarkVectorStore", new QdrantVectorStore(qdrant.newClient())));
		}
		String[] arguments = { "--spring.batch.job.enabled=false", "--reembed.cli.enabled=false",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--reembed.store.lucene.path=" + dataDir + "/lucene",
				"--reembed.embedding.model=" + model };
		Map<String, String> result = new LinkedHashMap<>();
		try {
			try (ConfigurableApplicationContext context = application.run(arguments)) {
				if (scenario.equals("model")) {
					if (!warmupClients.isEmpty()) {
						rawModel(context, model, warmupClients);
						Map<String, String> warmup = backfill(context, "issues", model, warmupClients);
						result.put("warmupRows", warmup.get("embedded"));
						result.put("warmupRowsPerSecond", warmup.get("embeddedPerSecond"));
					}
					heap.reset();
					result.putAll(modelEfficiency(context, model, clients));
				}
				else {
					if (scenario.equals("pipeline") && !warmupClients.isEmpty()) {
						// Another table, so that the measured backfill writes a collection of its own.
						Map<String, String> warmup = backfill(context, "pull_requests", model, warmupClients);
						result.put("warmupRows", warmup.get("rows"));
						result.put("warmupRowsPerSecond", warmup.get("rowsPerSecond"));
					}
					heap.reset();
					result.putAll(scenario.equals("lifecycle") ? lifecycle(context, model, clients)
							: backfill(context, "issues", model, clients));
				}
				result.put("vectorStore", context.getBean(VectorStore.class).getClass().getSimpleName());
			}
			result.put("peakHeapMiB", Long.toString(heap.peakMiB()));
			result.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
			if (RECALL_QUERIES > 0) {
				// In a context of its own, once the backfill's has closed and its peak heap is read: the peak still
				// covers the store's final commit, and neither it nor the timing covers the measurement. The store
				// then searches what it committed, as a search from another process would.
				try (ConfigurableApplicationContext context = application.run(arguments)) {
					result.putAll(recall(context, model, clients, RECALL_QUERIES));
				}
			}
		}
		finally {
			if (qdrant != null) {
				qdrant.close();
			}
		}
		StringBuilder line = new StringBuilder("RESULT");
		result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
	}

	private static Map<String, String> backfill(ConfigurableApplicationContext context, String table, String model,
			List<String> clients) throws Exception {
		BackfillLauncher launcher = context.getBean(BackfillLauncher.class);
		long rows = 0;
		long embedded = 0;
		Duration elapsed = Duration.ZERO;
		for (String client : clients) {
			long started = System.nanoTime();
			JobExecution execution = launcher.launch(new BackfillParameters(table, client, "content", model, null));
			elapsed = elapsed.plusNanos(System.nanoTime() - started);
			if (execution.getStatus() != BatchStatus.COMPLETED) {
				throw new IllegalStateException("Backfill of client " + client + " ended " + execution.getStatus());
			}
			for (StepExecution step : execution.getStepExecutions()) {
				if (step.getStepName().contains(":")) {
					rows += step.getReadCount();
					embedded += step.getWriteCount();
				}
			}
		}
		Map<String, String> result = new LinkedHashMap<>();
		result.put("rows", Long.toString(rows));
		result.put("embedded", Long.toString(embedded));
		result.put("seconds", String.format(Locale.ROOT, "%.2f", elapsed.toMillis() / 1000.0));
		result.put("rowsPerSecond", String.format(Locale.ROOT, "%.1f", rows / (elapsed.toMillis() / 1000.0)));
		result.put("embeddedPerSecond", String.format(Locale.ROOT, "%.1f", embedded / (elapsed.toMillis() / 1000.0)));
		return result;
	}

	/**
	 * The lifecycle on the same rows, client by client: a first backfill, an incremental re-run with nothing changed,
	 * and a re-embed into {@link ModelRegistry#HASH_V2}, a second model as fast as the first.
	 */
	private static Map<String, String> lifecycle(ConfigurableApplicationContext context, String model,
			List<String> clients) throws Exception {
		BackfillLauncher backfills = context.getBean(BackfillLauncher.class);
		ReembedLauncher reembeds = context.getBean(ReembedLauncher.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		long rows = 0;
		long reembedded = 0;
		Duration first = Duration.ZERO;
		Duration unchanged = Duration.ZERO;
		Duration reembed = Duration.ZERO;
		Duration verify = Duration.ZERO;
		long callsBefore = 0;
		long callsAfter = 0;
		for (String client : clients) {
			BackfillParameters parameters = new BackfillParameters("issues", client, "content", model, null);
			long started = System.nanoTime();
			JobExecution backfill = completed(backfills.launch(parameters, BackfillOptions.FULL));
			first = first.plusNanos(System.nanoTime() - started);
			rows += partitionCount(backfill, StepExecution::getReadCount);

			callsBefore += providerCalls(meters);
			started = System.nanoTime();
			completed(backfills.launch(parameters, BackfillOptions.INCREMENTAL));
			unchanged = unchanged.plusNanos(System.nanoTime() - started);
			callsAfter += providerCalls(meters);

			started = System.nanoTime();
			JobExecution execution = completed(
					reembeds.launch(new ReembedParameters("issues", client, "content", model, ModelRegistry.HASH_V2, null)));
			reembed = reembed.plusNanos(System.nanoTime() - started);
			verify = verify.plus(stepDuration(execution, ReembedJobConfiguration.VERIFY_STEP));
			reembedded += execution.getStepExecutions()
				.stream()
				.filter((step) -> step.getStepName().startsWith(ReembedJobConfiguration.PARTITION_STEP + ":"))
				.mapToLong(StepExecution::getWriteCount)
				.sum();
		}
		Map<String, String> result = new LinkedHashMap<>();
		result.put("rows", Long.toString(rows));
		result.put("firstSeconds", seconds(first));
		result.put("unchangedSeconds", seconds(unchanged));
		result.put("unchangedProviderCalls", Long.toString(callsAfter - callsBefore));
		result.put("reembedded", Long.toString(reembedded));
		result.put("reembedSeconds", seconds(reembed));
		result.put("verifySeconds", seconds(verify));
		result.put("backfillRowsPerSecond", String.format(Locale.ROOT, "%.1f", rows / (first.toNanos() / 1e9)));
		result.put("reembedRowsPerSecond", String.format(Locale.ROOT, "%.1f", reembedded / (reembed.toNanos() / 1e9)));
		return result;
	}

	private static JobExecution completed(JobExecution execution) {
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException(execution.getJobInstance().getJobName() + " " + execution.getJobParameters()
					+ " ended " + execution.getStatus() + ": " + execution.getAllFailureExceptions());
		}
		return execution;
	}

	private static Duration stepDuration(JobExecution execution, String stepName) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().equals(stepName) && step.getStartTime() != null
					&& step.getEndTime() != null)
			.map((step) -> Duration.between(step.getStartTime(), step.getEndTime()))
			.reduce(Duration.ZERO, Duration::plus);
	}

	private static long partitionCount(JobExecution execution, ToLongFunction<StepExecution> count) {
		return execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().contains(":"))
			.mapToLong(count)
			.sum();
	}

	/** Calls the writers made to any provider so far: each is timed once. */
	private static long providerCalls(MeterRegistry meters) {
		return meters.find("reembed.embedding.latency").timers().stream().mapToLong(Timer::count).sum();
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
	}

	/**
	 * The model alone and the backfill on the same rows, a client at a time: the client's texts through the model,
	 * then the client's backfill. On a machine shared with others, whose speed drifts from minute to minute, the
	 * alternation lets a slow spell fall on both measurements rather than on one.
	 */
	private static Map<String, String> modelEfficiency(ConfigurableApplicationContext context, String model,
			List<String> clients) throws Exception {
		long rawTexts = 0;
		double rawSeconds = 0;
		long rows = 0;
		long embedded = 0;
		double seconds = 0;
		for (String client : clients) {
			Map<String, String> raw = rawModel(context, model, List.of(client));
			rawTexts += Long.parseLong(raw.get("rawTexts"));
			rawSeconds += Double.parseDouble(raw.get("rawSeconds"));
			Map<String, String> backfill = backfill(context, "issues", model, List.of(client));
			rows += Long.parseLong(backfill.get("rows"));
			embedded += Long.parseLong(backfill.get("embedded"));
			seconds += Double.parseDouble(backfill.get("seconds"));
		}
		Map<String, String> result = new LinkedHashMap<>();
		result.put("rawTexts", Long.toString(rawTexts));
		result.put("rawSeconds", String.format(Locale.ROOT, "%.2f", rawSeconds));
		result.put("rawTextsPerSecond", String.format(Locale.ROOT, "%.1f", rawTexts / rawSeconds));
		result.put("rows", Long.toString(rows));
		result.put("embedded", Long.toString(embedded));
		result.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
		result.put("rowsPerSecond", String.format(Locale.ROOT, "%.1f", rows / seconds));
		result.put("embeddedPerSecond", String.format(Locale.ROOT, "%.1f", embedded / seconds));
		return result;
	}

	/**
	 * The provider alone on the texts the backfill embeds, in calls of one chunk each, as the writer makes them:
	 * fitting each text to the model's input limit with the model's tokenizer ({@code prepare}), then embedding.
	 */
	private static Map<String, String> rawModel(ConfigurableApplicationContext context, String model,
			List<String> clients) {
		SourceTable table = context.getBean(SourceTables.class)
			.resolve(context.getBean(TableCatalog.class).get("issues"));
		TextTemplate template = table.definition().template("content");
		EmbeddingProvider provider = context.getBean(EmbeddingProviders.class).get(model);
		JdbcTemplate jdbcTemplate = context.getBean(JdbcTemplate.class);
		List<String> texts = new ArrayList<>();
		for (String client : clients) {
			List<SourceRow> rows = jdbcTemplate.query("SELECT " + String.join(", ", table.definition().columns())
					+ " FROM issues WHERE client_id = ? AND active = TRUE ORDER BY id",
					SourceRowReaders.rowMapper(table), table.clientIdValue(client));
			for (SourceRow row : rows) {
				String text = template.render(row.values());
				if (!text.isEmpty()) {
					texts.add(text);
				}
			}
		}
		// Warm-up, outside the measurement: the backfill that follows runs on a warm model too.
		provider.embed(texts.subList(0, Math.min(50, texts.size()))
			.stream()
			.map((text) -> provider.prepare(text).text())
			.toList());
		int chunk = 100;
		AtomicLong embedded = new AtomicLong();
		long started = System.nanoTime();
		for (int i = 0; i < texts.size(); i += chunk) {
			List<String> prepared = texts.subList(i, Math.min(texts.size(), i + chunk))
				.stream()
				.map((text) -> provider.prepare(text).text())
				.toList();
			embedded.addAndGet(provider.embed(prepared).size());
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		Map<String, String> result = new LinkedHashMap<>();
		result.put("rawTexts", Long.toString(embedded.get()));
		result.put("rawSeconds", String.format(Locale.ROOT, "%.2f", seconds));
		result.put("rawTextsPerSecond", String.format(Locale.ROOT, "%.1f", embedded.get() / seconds));
		return result;
	}

	/**
	 * Recall@10 of the store's search against exact search, so that a faster graph setting shows what it costs in
	 * search quality: the mean, over sampled rows, of the share of the exact 10 nearest points of the row's vector,
	 * within its client, that the store's search (through the {@link VectorStore} port, as the search command asks)
	 * returns.
	 * <p>
	 * The queries are rows drawn with a seeded random sample from every row the backfill embedded, embedded again
	 * from the same template by the same provider. The exact neighbours come from a brute-force pass over every
	 * embedded row of the client, read and embedded a page at a time with a bounded top 10 per query, as the heap
	 * could not hold every vector. Similarity is cosine, as both stores rank: Lucene compares unit vectors by dot
	 * product, Qdrant's collections are cosine. Hits are matched by point id; a hit outside the exact top 10 that
	 * ties its 10th similarity (rows of the same text have the same vector) counts as found as well, since either
	 * is a right answer.
	 * <p>
	 * A sampled row is among its own 10 nearest points, at similarity 1, and the store nearly always finds it. Hash
	 * vectors are unrelated random directions, without the structure of a real model's, the hardest case for an
	 * HNSW graph: the figure is lower than a real model's would be, and is meant to compare graph settings.
	 */
	private static Map<String, String> recall(ConfigurableApplicationContext context, String model,
			List<String> clients, int queryCount) {
		long started = System.nanoTime();
		SourceTable table = context.getBean(SourceTables.class)
			.resolve(context.getBean(TableCatalog.class).get("issues"));
		EmbeddingProvider provider = context.getBean(EmbeddingProviders.class).get(model);
		VectorStore store = context.getBean(VectorStore.class);
		String collection = CollectionNames.of(table.name(), model);
		EmbeddedRows rows = new EmbeddedRows(context.getBean(JdbcTemplate.class), table, provider);
		// Algorithm R over the rows in key order: a fixed sample, without holding more rows than it.
		Random random = new Random(RECALL_SEED);
		List<EmbeddedRow> sample = new ArrayList<>();
		AtomicLong seen = new AtomicLong();
		for (String client : clients) {
			rows.forEach(client, false, (row) -> {
				long index = seen.getAndIncrement();
				if (index < queryCount) {
					sample.add(row);
				}
				else {
					int slot = random.nextInt(Math.toIntExact(index + 1));
					if (slot < queryCount) {
						sample.set(slot, row);
					}
				}
			});
		}
		List<float[]> vectors = provider.embed(sample.stream().map(EmbeddedRow::text).toList());
		List<Query> queries = new ArrayList<>();
		for (int i = 0; i < sample.size(); i++) {
			String client = sample.get(i).clientId();
			List<SearchHit> hits = store.search(collection,
					new SearchRequest(BackfillParameters.DEFAULT_VECTOR_TYPE, client, vectors.get(i), RECALL_K));
			queries.add(new Query(client, unit(vectors.get(i)), hits.stream().map(SearchHit::id).toList()));
		}
		for (String client : clients) {
			List<Query> ofClient = queries.stream().filter((query) -> query.clientId.equals(client)).toList();
			if (ofClient.isEmpty()) {
				continue;
			}
			// The points the store returned, each with the queries that returned it, to learn their exact similarity.
			Map<UUID, List<Query>> returnedBy = new HashMap<>();
			ofClient.forEach((query) -> query.hits
				.forEach((id) -> returnedBy.computeIfAbsent(id, (key) -> new ArrayList<>()).add(query)));
			rows.forEach(client, true, (row) -> {
				float[] vector = unit(row.vector());
				for (Query query : ofClient) {
					query.offer(row.pointId(), dot(query.vector, vector));
				}
				for (Query query : returnedBy.getOrDefault(row.pointId(), List.of())) {
					query.hitSimilarities.put(row.pointId(), dot(query.vector, vector));
				}
			});
		}
		double recall = queries.stream().mapToDouble(Query::recall).average().orElse(Double.NaN);
		Map<String, String> result = new LinkedHashMap<>();
		result.put("recallAt10", String.format(Locale.ROOT, "%.3f", recall));
		result.put("recallQueries", Integer.toString(queries.size()));
		result.put("recallSeconds", String.format(Locale.ROOT, "%.2f", (System.nanoTime() - started) / 1e9));
		return result;
	}

	private static float[] unit(float[] vector) {
		double norm = Math.sqrt(dot(vector, vector));
		float[] unit = new float[vector.length];
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / norm);
		}
		return unit;
	}

	/**
	 * In four running sums, which the processor adds in parallel: the brute-force pass spends most of its time
	 * here.
	 */
	private static double dot(float[] left, float[] right) {
		double sum0 = 0;
		double sum1 = 0;
		double sum2 = 0;
		double sum3 = 0;
		int i = 0;
		for (; i + 3 < left.length; i += 4) {
			sum0 += (double) left[i] * right[i];
			sum1 += (double) left[i + 1] * right[i + 1];
			sum2 += (double) left[i + 2] * right[i + 2];
			sum3 += (double) left[i + 3] * right[i + 3];
		}
		for (; i < left.length; i++) {
			sum0 += (double) left[i] * right[i];
		}
		return (sum0 + sum1) + (sum2 + sum3);
	}

	/**
	 * A row the backfill embedded.
	 *
	 * @param vector its vector, when it was asked for
	 */
	private record EmbeddedRow(String clientId, UUID pointId, String text, float @Nullable [] vector) {

		public float[] vector() {
			if (this.vector == null) {
				throw new IllegalStateException("Row " + this.pointId + " was read without its vector");
			}
			return this.vector;
		}

	}

	/** One sampled row's search: the store's hits, and the exact top 10 as the rows stream by. */
	private static final class Query {

		private final String clientId;

		private final float[] vector;

		private final List<UUID> hits;

		/** Exact similarity of each hit, once its row has streamed by. */
		private final Map<UUID, Double> hitSimilarities = new HashMap<>();

		/** The exact top 10 so far, least similar first. */
		private final PriorityQueue<Neighbour> nearest = new PriorityQueue<>(
				Comparator.comparingDouble(Neighbour::similarity));

		Query(String clientId, float[] vector, List<UUID> hits) {
			this.clientId = clientId;
			this.vector = vector;
			this.hits = hits;
		}

		void offer(UUID id, double similarity) {
			if (this.nearest.size() < RECALL_K) {
				this.nearest.add(new Neighbour(id, similarity));
			}
			else if (similarity > this.nearest.peek().similarity()) {
				this.nearest.poll();
				this.nearest.add(new Neighbour(id, similarity));
			}
		}

		double recall() {
			if (this.nearest.isEmpty()) {
				return 1;
			}
			double tenth = this.nearest.peek().similarity();
			List<UUID> exact = this.nearest.stream().map(Neighbour::id).toList();
			long found = this.hits.stream()
				.filter((id) -> exact.contains(id)
						|| this.hitSimilarities.getOrDefault(id, Double.NEGATIVE_INFINITY) >= tenth)
				.count();
			return (double) Math.min(found, this.nearest.size()) / this.nearest.size();
		}

	}

	private record Neighbour(UUID id, double similarity) {
	}

	/**
	 * The rows of one client that the backfill embeds, read by key a page at a time as its reader reads them:
	 * active, of non-empty text, cut to the model's limit.
	 */
	private static final class EmbeddedRows {

		private final JdbcTemplate jdbcTemplate;

		private final SourceTable table;

		private final TextTemplate template;

		private final EmbeddingProvider provider;

		EmbeddedRows(JdbcTemplate jdbcTemplate, SourceTable table, EmbeddingProvider provider) {
			this.jdbcTemplate = jdbcTemplate;
			this.table = table;
			this.template = table.definition().template(BackfillParameters.DEFAULT_VECTOR_TYPE);
			this.provider = provider;
		}

		/** Every row of the client in key order; with its vector only when asked, as embedding is the costly part. */
		void forEach(String clientId, boolean embed, Consumer<EmbeddedRow> action) {
			var definition = this.table.definition();
			String key = definition.primaryKey();
			String select = "SELECT " + String.join(", ", definition.columns()) + " FROM " + definition.table()
					+ " WHERE " + definition.clientColumn() + " = ?"
					+ ((definition.activeColumn() != null) ? " AND " + definition.activeColumn() + " = TRUE" : "");
			String order = " ORDER BY " + key + " LIMIT " + RECALL_PAGE;
			Object clientIdValue = this.table.clientIdValue(clientId);
			@Nullable Object after = null;
			while (true) {
				List<SourceRow> rows = (after == null)
						? this.jdbcTemplate.query(select + order, SourceRowReaders.rowMapper(this.table), clientIdValue)
						: this.jdbcTemplate.query(select + " AND " + key + " > ?" + order,
								SourceRowReaders.rowMapper(this.table), clientIdValue, after);
				if (rows.isEmpty()) {
					return;
				}
				after = rows.get(rows.size() - 1).key();
				List<EmbeddedRow> page = new ArrayList<>(rows.size());
				for (SourceRow row : rows) {
					String text = this.template.render(row.values());
					if (!text.isEmpty()) {
						page.add(new EmbeddedRow(clientId, PointIds.of(clientId, this.table.name(), row.recordId()),
								this.provider.prepare(text).text(), null));
					}
				}
				if (!embed || page.isEmpty()) {
					page.forEach(action);
					continue;
				}
				List<float[]> vectors = this.provider.embed(page.stream().map(EmbeddedRow::text).toList());
				for (int i = 0; i < page.size(); i++) {
					EmbeddedRow row = page.get(i);
					action.accept(new EmbeddedRow(clientId, row.pointId(), row.text(), vectors.get(i)));
				}
			}
		}

	}

}
