package io.reembed.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.reembed.ReembedApplication;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillParameters;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TextTemplate;
import io.reembed.store.VectorStore;
import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.store.qdrant.QdrantVectorStore;

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
 * directory, the client ids (comma separated).
 */
public final class BackfillBenchmark {

	private BackfillBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String scenario = args[0];
		String store = args[1];
		String model = args[2];
		String url = args[3];
		String dataDir = args[4];
		List<String> clients = List.of(args[5].split(","));
		HeapSampler heap = HeapSampler.start();
		InProcessQdrantServer qdrant = store.equals("qdrant") ? InProcessQdrantServer.start() : null;
		SpringApplication application = new SpringApplication(ReembedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		if (qdrant != null) {
			application.addInitializers((context) -> context.getBeanFactory()
				.registerSingleton("benchmarkVectorStore", new QdrantVectorStore(qdrant.newClient())));
		}
		Map<String, String> result = new LinkedHashMap<>();
		try (ConfigurableApplicationContext context = application.run("--spring.batch.job.enabled=false",
				"--reembed.cli.enabled=false", "--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
				"--reembed.store.lucene.path=" + dataDir + "/lucene", "--reembed.embedding.model=" + model)) {
			if (scenario.equals("model")) {
				result.putAll(rawModel(context, model, clients));
			}
			heap.reset();
			result.putAll(backfill(context, model, clients));
			result.put("vectorStore", context.getBean(VectorStore.class).getClass().getSimpleName());
		}
		finally {
			if (qdrant != null) {
				qdrant.close();
			}
		}
		result.put("peakHeapMiB", Long.toString(heap.peakMiB()));
		result.put("maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
		StringBuilder line = new StringBuilder("RESULT");
		result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
	}

	private static Map<String, String> backfill(ConfigurableApplicationContext context, String model,
			List<String> clients) throws Exception {
		BackfillLauncher launcher = context.getBean(BackfillLauncher.class);
		long rows = 0;
		long embedded = 0;
		Duration elapsed = Duration.ZERO;
		for (String client : clients) {
			long started = System.nanoTime();
			JobExecution execution = launcher.launch(new BackfillParameters("issues", client, "content", model, null));
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
		result.put("seconds", String.format("%.2f", elapsed.toMillis() / 1000.0));
		result.put("rowsPerSecond", String.format("%.1f", rows / (elapsed.toMillis() / 1000.0)));
		result.put("embeddedPerSecond", String.format("%.1f", embedded / (elapsed.toMillis() / 1000.0)));
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
		result.put("rawSeconds", String.format("%.2f", seconds));
		result.put("rawTextsPerSecond", String.format("%.1f", embedded.get() / seconds));
		return result;
	}

	/** Samples the used heap, garbage included, so the peak is what the process needed at worst. */
	private static final class HeapSampler {

		private final AtomicLong peak = new AtomicLong();

		private HeapSampler() {
		}

		static HeapSampler start() {
			HeapSampler sampler = new HeapSampler();
			Thread thread = new Thread(() -> {
				while (true) {
					long used = 0;
					for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
						if (pool.getType() == MemoryType.HEAP) {
							used += pool.getUsage().getUsed();
						}
					}
					sampler.peak.accumulateAndGet(used, Math::max);
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "heap-sampler");
			thread.setDaemon(true);
			thread.start();
			return sampler;
		}

		void reset() {
			this.peak.set(0);
		}

		long peakMiB() {
			return this.peak.get() / (1024 * 1024);
		}

	}

}
