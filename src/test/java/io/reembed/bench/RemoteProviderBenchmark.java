package io.reembed.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.reembed.ReembedApplication;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.openai.OpenAiCompatibleServer;
import io.reembed.embedding.openai.RecordedRequest;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillParameters;
import io.reembed.store.CollectionSpec;
import io.reembed.store.PointIds;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;
import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.store.qdrant.QdrantVectorStore;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TextTemplate;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The remote provider's benchmark, in a JVM of its own: text-embedding-3-small through the OpenAI provider, against
 * the local OpenAI-compatible server, into the Qdrant adapter (to the in-process server).
 * <ul>
 * <li>Speedup: the naive way, one request per row in turn, each point written as its vector arrives, against the
 * backfill job, on the same server answering every request after 100 ms.</li>
 * <li>Quota holding: the backfill job against a server holding a quota of 1,000,000 tokens per minute, configured
 * here five times too high, so that the pacing has to follow what the rate-limit headers report. The speedup runs
 * configure none, as the server holds none.</li>
 * </ul>
 * Arguments: the JDBC URL of a database holding the demo issues, the client of the speedup runs, the client of the
 * quota run. Prints one {@code RESULT key=value ...} line.
 */
public final class RemoteProviderBenchmark {

	private static final String MODEL = "text-embedding-3-small";

	private static final int NAIVE_ROWS = Integer.getInteger("bench.remote.naive-rows", 200);

	private static final Duration LATENCY = Duration.ofMillis(100);

	private static final long QUOTA_TOKENS_PER_MINUTE = 1_000_000;

	private static final long QUOTA_REQUESTS_PER_MINUTE = 10_000;

	private RemoteProviderBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String speedClient = args[1];
		String quotaClient = args[2];
		Map<String, String> result = new LinkedHashMap<>();
		try (OpenAiCompatibleServer server = OpenAiCompatibleServer.start();
				InProcessQdrantServer qdrant = InProcessQdrantServer.start()) {
			// The speedup runs: the server holds no quota, and none is configured.
			server.latency(LATENCY, Duration.ZERO);
			try (ConfigurableApplicationContext context = context(url, server, qdrant, 0, 0)) {
				result.putAll(naive(context, speedClient));
				result.putAll(backfill(context, speedClient, "job"));
			}
			// The quota run: configured five times too high, so that the pacing must follow the headers.
			server.reset();
			server.latency(LATENCY, Duration.ZERO).quota(QUOTA_TOKENS_PER_MINUTE, QUOTA_REQUESTS_PER_MINUTE);
			try (ConfigurableApplicationContext context = context(url, server, qdrant, 5 * QUOTA_TOKENS_PER_MINUTE,
					5 * QUOTA_REQUESTS_PER_MINUTE)) {
				result.putAll(backfill(context, quotaClient, "quota"));
				result.putAll(quota(server.requests()));
			}
		}
		StringBuilder line = new StringBuilder("RESULT");
		result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
	}

	private static ConfigurableApplicationContext context(String url, OpenAiCompatibleServer server,
			InProcessQdrantServer qdrant, long tokensPerMinute, long requestsPerMinute) {
		SpringApplication application = new SpringApplication(ReembedApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers((context) -> context.getBeanFactory()
			.registerSingleton("benchmarkVectorStore", new QdrantVectorStore(qdrant.newClient())));
		return application.run("--spring.batch.job.enabled=false", "--reembed.cli.enabled=false",
				"--spring.main.banner-mode=off", "--logging.level.root=WARN", "--spring.datasource.url=" + url,
				"--spring.datasource.username=postgres", "--reembed.store.type=qdrant",
				"--reembed.providers.openai.api-key=" + OpenAiCompatibleServer.DEFAULT_API_KEY,
				"--reembed.providers.openai.base-url=" + server.openAiBaseUrl(),
				"--reembed.providers.openai.quota.tokens-per-minute=" + tokensPerMinute,
				"--reembed.providers.openai.quota.requests-per-minute=" + requestsPerMinute);
	}

	/** One request per row, in turn, each point written as its vector arrives. */
	private static Map<String, String> naive(ConfigurableApplicationContext context, String client) {
		SourceTable table = context.getBean(SourceTables.class)
			.resolve(context.getBean(TableCatalog.class).get("issues"));
		TextTemplate template = table.definition().template("content");
		EmbeddingProvider provider = context.getBean(EmbeddingProviders.class).get(MODEL);
		VectorStore store = context.getBean(VectorStore.class);
		String collection = "naive_issues";
		store.ensureCollection(new CollectionSpec(collection, provider.model().dimensions(),
				provider.model().fingerprint(), List.of("content")));
		List<SourceRow> rows = context.getBean(JdbcTemplate.class)
			.query("SELECT " + String.join(", ", table.definition().columns())
					+ " FROM issues WHERE client_id = ? AND active = TRUE ORDER BY id LIMIT " + NAIVE_ROWS,
					SourceRowReaders.rowMapper(table), table.clientIdValue(client));
		long started = System.nanoTime();
		int embedded = 0;
		for (SourceRow row : rows) {
			String text = template.render(row.values());
			if (text.isEmpty()) {
				continue;
			}
			float[] vector = provider.embed(List.of(provider.prepare(text).text())).get(0);
			store.upsert(collection, List.of(new VectorPoint(PointIds.of(client, "issues", row.recordId()), client,
					Map.of("content", vector), Map.of())));
			embedded++;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		Map<String, String> result = new LinkedHashMap<>();
		result.put("naiveRows", Integer.toString(embedded));
		result.put("naiveSeconds", String.format(Locale.ROOT, "%.2f", seconds));
		result.put("naiveRowsPerSecond", String.format(Locale.ROOT, "%.2f", embedded / seconds));
		return result;
	}

	private static Map<String, String> backfill(ConfigurableApplicationContext context, String client, String name)
			throws Exception {
		long started = System.nanoTime();
		JobExecution execution = context.getBean(BackfillLauncher.class)
			.launch(new BackfillParameters("issues", client, "content", MODEL, null));
		double seconds = (System.nanoTime() - started) / 1e9;
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			throw new IllegalStateException("Backfill of client " + client + " ended " + execution.getStatus());
		}
		long rows = execution.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().contains(":"))
			.mapToLong((step) -> step.getWriteCount())
			.sum();
		Map<String, String> result = new LinkedHashMap<>();
		result.put(name + "Rows", Long.toString(rows));
		result.put(name + "Seconds", String.format(Locale.ROOT, "%.2f", seconds));
		result.put(name + "RowsPerSecond", String.format(Locale.ROOT, "%.1f", rows / seconds));
		return result;
	}

	/**
	 * Tokens the server accepted per minute, from the arrival of the first request to that of the last, whose own
	 * tokens are left out (they count after the window), and the share of requests answered 429.
	 */
	private static Map<String, String> quota(List<RecordedRequest> requests) {
		List<RecordedRequest> answered = new ArrayList<>(requests);
		long first = answered.get(0).arrivalNanos();
		RecordedRequest last = answered.get(answered.size() - 1);
		long tokens = answered.stream().filter((request) -> request.status() == 200).mapToLong(RecordedRequest::tokens)
			.sum() - ((last.status() == 200) ? last.tokens() : 0);
		long limited = answered.stream().filter((request) -> request.status() == 429).count();
		double minutes = (last.arrivalNanos() - first) / 60e9;
		Map<String, String> result = new LinkedHashMap<>();
		result.put("quotaTokensPerMinute", String.format(Locale.ROOT, "%.0f", tokens / minutes));
		result.put("quotaWindowSeconds", String.format(Locale.ROOT, "%.1f", minutes * 60));
		result.put("quotaRequests", Integer.toString(answered.size()));
		result.put("quotaRateLimited", Long.toString(limited));
		result.put("quotaAt", Instant.now().toString());
		return result;
	}

}
