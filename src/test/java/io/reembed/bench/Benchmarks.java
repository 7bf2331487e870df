package io.reembed.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.reembed.demo.DemoDataGenerator;
import io.reembed.demo.DemoTable;
import io.reembed.support.TestDatabases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code make bench}: the backfill's throughput and memory, each figure from a JVM of its own, printed as a table
 * and written to {@code bench/results/backfill.md}.
 */
public final class Benchmarks {

	/** The demo's two clients, whose rows every backfill run measures. */
	private static final String CLIENTS = "42,7";

	private static final int PIPELINE_ROWS = Integer.getInteger("bench.pipeline.rows", 200_000);

	/**
	 * Demo pull requests that each pipeline run backfills before it measures, so that the ceiling is measured on
	 * compiled code, as in a backfill of the million-row tables the job is for: on a cold JVM the JIT compiler's
	 * threads take a fifth of the two cores during a 200,000-row run. They are another table, so the measured run
	 * still writes a collection of its own from the first point. The cold run's rate is reported beside the measured
	 * one; 0 measures on a cold JVM.
	 */
	private static final int PIPELINE_WARMUP_ROWS = Integer.getInteger("bench.pipeline.warmup-rows", 50_000);

	private static final int MODEL_ROWS = Integer.getInteger("bench.model.rows", 2_000);

	private static final String MODEL = System.getProperty("bench.model", "all-minilm-l6-v2");

	/**
	 * Rows of a third client that the model benchmark embeds, alone and through a backfill, before it measures
	 * either, so that both are measured on compiled code, as in any backfill long enough to matter. On a cold JVM the
	 * JIT compiler's threads compete with the model for the cores during most of a 2,000-row backfill.
	 */
	private static final int MODEL_WARMUP_ROWS = Integer.getInteger("bench.model.warmup-rows", 1_000);

	private static final String MODEL_WARMUP_CLIENT = "3";

	private static final String DEFAULT_BEAM_WIDTH = "100";

	/** Rows of the lifecycle benchmark: backfill, no-op incremental re-run, re-embed. */
	private static final int LIFECYCLE_ROWS = Integer.getInteger("bench.lifecycle.rows", 100_000);

	/** The Lucene store's default graph, and one built for indexing speed. */
	private static final String LUCENE_BEAM_WIDTHS = System.getProperty("bench.lucene.beam-widths", "100,32");

	/**
	 * Sampled rows whose search the Lucene runs compare with exact search (recall@10), so that a faster graph shows
	 * what it costs in search quality; 0 leaves the measurement out. Not measured for Qdrant: the in-process
	 * stand-in searches exhaustively, so its recall is 1 by construction (which it is) and says nothing about a real
	 * server, and its searches over boxed vectors would add minutes to a 200,000-row run.
	 */
	private static final int RECALL_QUERIES = Integer.getInteger("bench.recall.queries", 200);

	/** Demo issues the remote provider's benchmark reads: 60% for its speedup runs, 40% for its quota run. */
	private static final int REMOTE_ROWS = Integer.getInteger("bench.remote.rows", 20_000);

	/** Rows of the scale benchmark's large backfill, all of one client. */
	private static final int SCALE_ROWS = Integer.getInteger("bench.scale.rows", 1_000_000);

	/** Rows of the scale benchmark's runs with and without workers, with the hash provider. */
	private static final int SCALE_HASH_ROWS = Integer.getInteger("bench.scale.hash-rows", 100_000);

	/** Rows of the scale benchmark's runs with and without workers, with the local model. */
	private static final int SCALE_MODEL_ROWS = Integer.getInteger("bench.scale.model-rows", 2_000);

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Path work = Files.createTempDirectory("reembed-bench");
		List<String> rows = new ArrayList<>();

		List<String> scenarios = List
			.of(System.getProperty("bench.scenarios", "pipeline,model,lifecycle,remote,scale").split(","));
		if (scenarios.contains("pipeline")) {
			runPipeline(work, rows);
		}
		if (scenarios.contains("lifecycle")) {
			runLifecycle(work, rows);
		}
		if (scenarios.contains("model")) {
			runModel(work, rows);
		}
		if (!rows.isEmpty()) {
			report("backfill.md", "Backfill benchmark", rows);
		}
		if (scenarios.contains("remote")) {
			List<String> remoteRows = new ArrayList<>();
			runRemote(work, remoteRows);
			report("providers.md", "Remote provider benchmark", remoteRows);
		}
		if (scenarios.contains("scale")) {
			List<String> scaleRows = new ArrayList<>();
			runScale(work, scaleRows);
			report("scale.md", "Scale-out benchmark", scaleRows);
		}
	}

	/**
	 * A large backfill in one JVM, then backfills with their partitions run in-process, by one worker and by two.
	 * Every row of each table is made client 42's, so that each run is one job over the whole table.
	 */
	private static void runScale(Path work, List<String> rows) throws Exception {
		if (SCALE_ROWS < 300_000) {
			throw new IllegalArgumentException("bench.scale.rows must be at least 300,000, for three windows of "
					+ "100,000 rows written; it is " + SCALE_ROWS);
		}
		String largeUrl = TestDatabases.newPostgresSchemaUrl();
		String hashUrl = TestDatabases.newPostgresSchemaUrl();
		String modelUrl = TestDatabases.newPostgresSchemaUrl();
		try {
			fillForOneClient(largeUrl, SCALE_ROWS);
			fillForOneClient(hashUrl, SCALE_HASH_ROWS);
			fillForOneClient(modelUrl, SCALE_MODEL_ROWS);
			// The Qdrant stand-in in this JVM holds every point of the large run.
			Map<String, String> run = launch(Files.createTempDirectory(work, "scale"), "scale", "8g", List.of(),
					ScaleBenchmark.class, List.of(largeUrl, hashUrl, modelUrl, MODEL));
			double first = Double.parseDouble(run.get("firstWindowRowsPerSecond"));
			double second = Double.parseDouble(run.get("secondWindowRowsPerSecond"));
			double last = Double.parseDouble(run.get("lastWindowRowsPerSecond"));
			rows.add(row(String.format(Locale.ROOT, "%,d rows read (%,d embedded, the rest dead-lettered for empty text), "
					+ "hash provider, PostgreSQL → Qdrant stand-in, one JVM: rows/s over the last 100,000 embedded "
					+ "against the first 100,000", Long.parseLong(run.get("largeRowsRead")),
					Long.parseLong(run.get("largeRows"))),
					String.format(Locale.ROOT, "%.3f", last / first), "≥ 0.95", last / first >= 0.95,
					String.format(Locale.ROOT, "first 100,000 at %.1f rows/s (start-up and JIT warm-up included), "
							+ "second 100,000 at %.1f rows/s (last against second: %.3f), last 100,000 at %.1f rows/s; "
							+ "the whole job %s rows/s (%s s of writing)", first, second, last / second, last,
							run.get("largeRowsPerSecond"), run.get("largeSeconds"))));
			long peak = Long.parseLong(run.get("largePeakHeapMiB"));
			rows.add(row("Peak heap of that JVM (-Xmx512m)", peak + " MiB", "≤ 512 MiB", peak <= 512,
					"sampled every 20 ms, garbage included"));
			rows.add(sideBySide(String.format(Locale.ROOT, "hash provider, %,d rows", SCALE_HASH_ROWS), run, "hash"));
			rows.add(sideBySide(String.format(Locale.ROOT, "%s, %,d rows", MODEL, SCALE_MODEL_ROWS), run, "model"));
		}
		finally {
			TestDatabases.dropPostgresSchema(largeUrl);
			TestDatabases.dropPostgresSchema(hashUrl);
			TestDatabases.dropPostgresSchema(modelUrl);
		}
	}

	private static String sideBySide(String what, Map<String, String> run, String key) {
		return String.format("| Remote partitioning, %s: rows/s | in-process %s · 1 worker %s · 2 workers %s | "
				+ "reported | | manager, workers, PostgreSQL, RabbitMQ and the Qdrant stand-in share this "
				+ "machine's %d cores; job start to end |", what, run.get(key + "Workers0"), run.get(key + "Workers1"),
				run.get(key + "Workers2"), Runtime.getRuntime().availableProcessors());
	}

	private static void fillForOneClient(String url, int issues) {
		fill(url, issues);
		update(url, "UPDATE issues SET client_id = 42");
	}

	/**
	 * Gives each pipeline run the database a first backfill finds: no vector references or dead letters of the run
	 * before (which would turn its inserts into updates of bloated tables), the rows vacuumed and analysed, and a
	 * checkpoint taken, so that the writes of the filling or of the run before are not flushed during this one.
	 */
	private static void startAfresh(String url) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, TestDatabases.POSTGRES_USER, "",
				true);
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		List<String> state = jdbcTemplate.queryForList("SELECT table_name FROM information_schema.tables "
				+ "WHERE table_schema = current_schema() AND table_name LIKE 'reembed\\_%'", String.class);
		if (!state.isEmpty()) {
			jdbcTemplate.execute("TRUNCATE " + String.join(", ", state));
		}
		jdbcTemplate.execute("VACUUM ANALYZE issues, pull_requests");
		jdbcTemplate.execute("CHECKPOINT");
		dataSource.destroy();
	}

	private static void update(String url, String sql, Object... arguments) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, TestDatabases.POSTGRES_USER, "",
				true);
		new JdbcTemplate(dataSource).update(sql, arguments);
		dataSource.destroy();
	}

	/**
	 * text-embedding-3-small through the OpenAI provider and the local OpenAI-compatible server, into the Qdrant
	 * adapter: the naive way against the backfill job, and how closely the job holds a quota.
	 */
	private static void runRemote(Path work, List<String> rows) throws Exception {
		String url = TestDatabases.newPostgresSchemaUrl();
		try {
			fill(url, REMOTE_ROWS);
			Map<String, String> run = launch(Files.createTempDirectory(work, "remote"), "remote", "1g", List.of(),
					RemoteProviderBenchmark.class,
					List.of(url, "42", "7"));
			double naive = Double.parseDouble(run.get("naiveRowsPerSecond"));
			double job = Double.parseDouble(run.get("jobRowsPerSecond"));
			rows.add(row("Speedup over the naive way (one request per row, in turn), 100 ms latency",
					String.format(Locale.ROOT, "%.0fx", job / naive), "≥ 100x", job / naive >= 100,
					String.format(Locale.ROOT, "backfill job %.1f rows/s (%s rows in %s s) / naive %.2f rows/s "
							+ "(%s rows in %s s)", job, run.get("jobRows"), run.get("jobSeconds"), naive,
							run.get("naiveRows"), run.get("naiveSeconds"))));
			double tokensPerMinute = Double.parseDouble(run.get("quotaTokensPerMinute"));
			long requests = Long.parseLong(run.get("quotaRequests"));
			long limited = Long.parseLong(run.get("quotaRateLimited"));
			double share = tokensPerMinute / 1_000_000;
			double limitedShare = (double) limited / requests;
			rows.add(row("Quota holding, 1,000,000 tokens per minute on the server",
					String.format(Locale.ROOT, "%.1f%% of the quota, %.2f%% of requests 429", share * 100,
							limitedShare * 100),
					"≥ 95%, ≤ 1% 429", share >= 0.95 && limitedShare <= 0.01,
					String.format(Locale.ROOT, "%,.0f tokens/min over %s s; %d requests, %d answered 429; %s rows "
							+ "in %s s; quota configured 5x too high, learnt from the headers",
							tokensPerMinute, run.get("quotaWindowSeconds"), requests, limited, run.get("quotaRows"),
							run.get("quotaSeconds"))));
		}
		finally {
			TestDatabases.dropPostgresSchema(url);
		}
	}

	private static void runPipeline(Path work, List<String> rows) throws Exception {
		String pipelineUrl = TestDatabases.newPostgresSchemaUrl();
		try {
			fill(pipelineUrl, PIPELINE_ROWS);
			fillPullRequests(pipelineUrl, PIPELINE_WARMUP_ROWS);
			String warmupClients = (PIPELINE_WARMUP_ROWS > 0) ? CLIENTS : "";
			for (String store : System.getProperty("bench.stores", "lucene,qdrant").split(",")) {
				if ("qdrant".equals(store)) {
					startAfresh(pipelineUrl);
					// The stand-in keeps every point in the benchmark's own JVM, which a real server would not.
					Map<String, String> run = run(work, "pipeline", store, "hash", pipelineUrl, "2g", List.of(),
							warmupClients);
					rows.add(pipelineRow("qdrant (in-process server)", run, 10_000));
					continue;
				}
				for (String beamWidth : LUCENE_BEAM_WIDTHS.split(",")) {
					startAfresh(pipelineUrl);
					boolean byDefault = beamWidth.equals(DEFAULT_BEAM_WIDTH);
					List<String> settings = new ArrayList<>(List.of("-Dbench.recall.queries=" + RECALL_QUERIES));
					if (!byDefault) {
						settings.add("-Dreembed.store.lucene.beam-width=" + beamWidth);
					}
					Map<String, String> run = run(work, "pipeline", store, "hash", pipelineUrl, "512m", settings,
							warmupClients);
					String setting = "beam-width " + beamWidth + (byDefault ? " (default)" : "");
					rows.add(pipelineRow("lucene, " + setting, run, 3_000));
					rows.add(row("Peak heap, lucene run, " + setting + " (-Xmx512m)", run.get("peakHeapMiB") + " MiB",
							"≤ 512 MiB", Long.parseLong(run.get("peakHeapMiB")) <= 512,
							"sampled every 20 ms, garbage included"));
				}
			}
		}
		finally {
			TestDatabases.dropPostgresSchema(pipelineUrl);
		}
	}

	/**
	 * A first backfill, a no-op incremental re-run and a re-embed into a second hash model, on the same rows. The
	 * quality gate's neighbour overlap is off: the two hash models' neighbours are unrelated by design.
	 */
	private static void runLifecycle(Path work, List<String> rows) throws Exception {
		String url = TestDatabases.newPostgresSchemaUrl();
		try {
			fill(url, LIFECYCLE_ROWS);
			for (String store : System.getProperty("bench.stores", "lucene,qdrant").split(",")) {
				Map<String, String> run = run(work, "lifecycle", store, "hash", url,
						"qdrant".equals(store) ? "2g" : "1g", List.of("-Dreembed.quality.min-overlap=0"));
				String name = "qdrant".equals(store) ? "qdrant (in-process server)" : "lucene";
				double first = Double.parseDouble(run.get("firstSeconds"));
				double unchanged = Double.parseDouble(run.get("unchangedSeconds"));
				long calls = Long.parseLong(run.get("unchangedProviderCalls"));
				rows.add(row("No-op incremental re-run, " + run.get("rows") + " rows, " + name,
						String.format(Locale.ROOT, "%.3f of the first run, %d provider calls", unchanged / first, calls),
						"≤ 0.05, 0 calls", unchanged / first <= 0.05 && calls == 0,
						String.format(Locale.ROOT, "first run %.2f s, re-run %.2f s", first, unchanged)));
				double backfill = Double.parseDouble(run.get("backfillRowsPerSecond"));
				double reembed = Double.parseDouble(run.get("reembedRowsPerSecond"));
				rows.add(row("Re-embed hash → hash-v2 relative to backfill, " + name,
						String.format(Locale.ROOT, "%.3f", reembed / backfill), "≥ 0.9", reembed / backfill >= 0.9,
						String.format(Locale.ROOT,
								"re-embed %.1f rows/s (%s rows in %s s, all steps, of which %s s the quality gate's "
										+ "verify step) / backfill %.1f rows/s",
								reembed, run.get("reembedded"), run.get("reembedSeconds"), run.get("verifySeconds"),
								backfill)));
			}
		}
		finally {
			TestDatabases.dropPostgresSchema(url);
		}
	}

	private static String pipelineRow(String store, Map<String, String> run, int target) {
		double rowsPerSecond = Double.parseDouble(run.get("rowsPerSecond"));
		String detail = run.get("rows") + " rows in " + run.get("seconds") + " s";
		detail += run.containsKey("warmupRows")
				? " after a warm-up on " + run.get("warmupRows") + " pull requests (that first, cold backfill: "
						+ run.get("warmupRowsPerSecond") + " rows/s)"
				: " on a cold JVM";
		if (run.containsKey("recallAt10")) {
			// Next to the speed, what the graph setting costs in search quality.
			detail += "; search recall@10 " + run.get("recallAt10") + " against exact search, "
					+ run.get("recallQueries") + " sampled rows as queries";
		}
		return row("Pipeline ceiling, hash provider, PostgreSQL, " + store, run.get("rowsPerSecond") + " rows/s",
				String.format(Locale.ROOT, "≥ %,d rows/s", target), rowsPerSecond >= target, detail);
	}

	private static void runModel(Path work, List<String> rows) throws Exception {
		String modelUrl = TestDatabases.newPostgresSchemaUrl();
		try {
			fill(modelUrl, MODEL_ROWS + MODEL_WARMUP_ROWS);
			update(modelUrl, "UPDATE issues SET client_id = " + MODEL_WARMUP_CLIENT
					+ " WHERE id IN (SELECT id FROM issues ORDER BY id DESC LIMIT ?)", MODEL_WARMUP_ROWS);
			Map<String, String> run = run(work, "model", "lucene", MODEL, modelUrl, "1g", List.of(),
					MODEL_WARMUP_ROWS > 0 ? MODEL_WARMUP_CLIENT : "");
			double pipeline = Double.parseDouble(run.get("embeddedPerSecond"));
			double raw = Double.parseDouble(run.get("rawTextsPerSecond"));
			String warmup = MODEL_WARMUP_ROWS == 0 ? "; no warm-up, both on a cold JVM"
					: String.format(Locale.ROOT, "; both measured after a warm-up on %s rows of a third client "
							+ "(that first, cold backfill: %s rows/s)", run.get("warmupRows"),
							run.get("warmupRowsPerSecond"));
			rows.add(row("Local model efficiency (" + MODEL + ", Lucene)", String.format(Locale.ROOT, "%.3f", pipeline / raw),
					"≥ 0.95", pipeline / raw >= 0.95,
					String.format(Locale.ROOT, "backfill %.1f rows/s (%s rows) / raw model %.1f texts/s (%s texts)%s",
							pipeline, run.get("embedded"), raw, run.get("rawTexts"), warmup)));
		}
		finally {
			TestDatabases.dropPostgresSchema(modelUrl);
		}
	}

	private static void fillPullRequests(String url, int pullRequests) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, TestDatabases.POSTGRES_USER, "",
				true);
		new DemoDataGenerator(dataSource, DemoDataGenerator.DEFAULT_SEED).generate(DemoTable.PULL_REQUESTS,
				pullRequests);
		dataSource.destroy();
	}

	private static void fill(String url, int issues) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, TestDatabases.POSTGRES_USER, "",
				true);
		DemoDataGenerator generator = new DemoDataGenerator(dataSource, DemoDataGenerator.DEFAULT_SEED);
		generator.createTables();
		generator.generate(DemoTable.ISSUES, issues);
		dataSource.destroy();
	}

	private static Map<String, String> run(Path work, String scenario, String store, String model, String url,
			String heap, List<String> settings) throws Exception {
		return run(work, scenario, store, model, url, heap, settings, "");
	}

	/**
	 * @param warmupClients clients, comma separated, whose rows a model run embeds before it measures; empty for
	 * none
	 */
	private static Map<String, String> run(Path work, String scenario, String store, String model, String url,
			String heap, List<String> settings, String warmupClients) throws Exception {
		Path data = Files.createTempDirectory(work, scenario + "-" + store);
		return launch(data, scenario + " " + store, heap, settings, BackfillBenchmark.class,
				List.of(scenario, store, model, url, data.toString(), CLIENTS, warmupClients));
	}

	/** Runs a benchmark's main class in a JVM of its own and reads its {@code RESULT} line. */
	private static Map<String, String> launch(Path data, String name, String heap, List<String> settings,
			Class<?> main, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
						// As the README recommends for large Lucene backfills: HNSW graphs built with the vector API,
						// on a heap in 2 MB pages.
						"--add-modules=jdk.incubator.vector", "-XX:+UseTransparentHugePages"));
		String jvmArgs = System.getProperty("bench.jvm.args", "").strip();
		if (!jvmArgs.isEmpty()) {
			command.addAll(List.of(jvmArgs.split("\\s+")));
		}
		// Settings given to the benchmark (-Dreembed.store.lucene.beam-width=...) apply to every run.
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((property) -> property.startsWith("reembed."))
			.sorted()
			.forEach((property) -> command.add("-D" + property + "=" + System.getProperty(property)));
		command.addAll(settings);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(arguments);
		Path output = data.resolve("output.txt");
		Process process = new ProcessBuilder(command).directory(new File(System.getProperty("user.dir")))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException("Benchmark " + name + " failed:\n" + Files.readString(output));
		}
		String resultLine = Files.readAllLines(output)
			.stream()
			.filter((line) -> line.startsWith("RESULT "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No result from " + name));
		Map<String, String> result = new LinkedHashMap<>();
		for (String pair : resultLine.substring("RESULT ".length()).split(" ")) {
			int equals = pair.indexOf('=');
			result.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		System.out.printf("%s: %s%n", name, result);
		return result;
	}

	private static String row(String what, String measured, String target, boolean met, String detail) {
		return String.format("| %s | %s | %s | %s | %s |", what, measured, target, met ? "met" : "NOT met", detail);
	}

	private static void report(String file, String title, List<String> rows) throws IOException {
		StringBuilder table = new StringBuilder();
		table.append("# ").append(title).append("\n\n");
		table.append("Run ").append(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT)))
			.append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
			.append(System.getProperty("java.version")).append(".\n\n");
		table.append("| benchmark | measured | target | | detail |\n| --- | --- | --- | --- | --- |\n");
		rows.forEach((row) -> table.append(row).append('\n'));
		System.out.println();
		System.out.print(table);
		Path results = Path.of("bench", "results");
		Files.createDirectories(results);
		Files.writeString(results.resolve(file), table);
	}

}
