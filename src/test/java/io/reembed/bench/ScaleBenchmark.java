package io.reembed.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.reembed.store.qdrant.InProcessQdrantServer;
import io.reembed.support.ReembedProcess;
import io.reembed.support.TestDatabases;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The scale-out benchmark, in a JVM of its own that serves the Qdrant stand-in on a loopback port to the reembed
 * processes it starts, so that the stand-in's points weigh on none of them:
 * <ol>
 * <li>one backfill of every row of a large table (1,000,000) with the {@code hash} provider, in one reembed JVM
 * limited to 512 MiB: rows/s over its first and its last 100,000 rows, read from the JobRepository every 100 ms,
 * and the JVM's peak heap;</li>
 * <li>backfills whose partitions run in this process's threads, in one {@code reembed worker} process and in two,
 * with the {@code hash} provider and with a local model: rows/s from the job's start to its end.</li>
 * </ol>
 * Arguments: the JDBC URLs of the large table, of the {@code hash} worker runs' table and of the local model's,
 * every row of each belonging to client 42, then the local model. Prints one {@code RESULT key=value ...} line.
 */
public final class ScaleBenchmark {

	private static final int WINDOW = 100_000;

	private static final Pattern PEAK_HEAP = Pattern.compile(Pattern.quote(HeapMeasuredReembed.PEAK_HEAP) + "(\\d+)");

	private static final String PARTITIONS_WRITTEN = "SELECT COALESCE(SUM(write_count), 0) FROM batch_step_execution "
			+ "WHERE step_name LIKE 'backfill.partition:%' AND job_execution_id = "
			+ "(SELECT MAX(job_execution_id) FROM batch_job_execution)";

	private ScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		String largeUrl = args[0];
		String hashUrl = args[1];
		String modelUrl = args[2];
		String model = args[3];
		Path logs = Files.createTempDirectory("reembed-scale");
		Map<String, String> result = new LinkedHashMap<>();
		result.putAll(largeBackfill(largeUrl, logs));
		for (int workers = 0; workers <= 2; workers++) {
			result.put("hashWorkers" + workers, format(remoteBackfill(hashUrl, "hash", workers, logs)));
			result.put("modelWorkers" + workers, format(remoteBackfill(modelUrl, model, workers, logs)));
		}
		StringBuilder line = new StringBuilder("RESULT");
		result.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
		System.out.println(line);
	}

	private static Map<String, String> largeBackfill(String url, Path logs) throws Exception {
		SingleConnectionDataSource dataSource = dataSource(url);
		JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
		try (InProcessQdrantServer qdrant = InProcessQdrantServer.start()) {
			int port = qdrant.startListening();
			ReembedProcess backfill = ReembedProcess.start(logs, List.of("-Xmx512m"),
					HeapMeasuredReembed.class.getName(), arguments(url, port, "hash", false, "backfill"));
			List<long[]> samples = new ArrayList<>();
			long start = System.nanoTime();
			while (backfill.isAlive()) {
				samples.add(new long[] { System.nanoTime() - start, written(jdbcTemplate) });
				Thread.sleep(100);
			}
			int exitCode = backfill.waitFor(60);
			if (exitCode != 0) {
				throw new IllegalStateException("The large backfill failed:\n" + backfill.output());
			}
			long total = written(jdbcTemplate);
			samples.add(new long[] { System.nanoTime() - start, total });
			double writingStarted = lastTimeAt(samples, 0);
			double firstWindowEnd = timeReaching(samples, WINDOW);
			double lastWindowStart = timeReaching(samples, total - WINDOW);
			double end = timeReaching(samples, total);
			Matcher peak = PEAK_HEAP.matcher(backfill.stdout());
			if (!peak.find()) {
				throw new IllegalStateException("No peak heap from the large backfill:\n" + backfill.output());
			}
			Map<String, String> result = new LinkedHashMap<>();
			result.put("largeRows", Long.toString(total));
			result.put("largeRowsRead", Long.toString(read(jdbcTemplate)));
			result.put("largeSeconds", format(end - writingStarted));
			result.put("firstWindowRowsPerSecond", format(WINDOW / (firstWindowEnd - writingStarted)));
			// Past the start-up and the JIT's warm-up, which the first window carries.
			result.put("secondWindowRowsPerSecond",
					format(WINDOW / (timeReaching(samples, 2L * WINDOW) - firstWindowEnd)));
			result.put("lastWindowRowsPerSecond", format(WINDOW / (end - lastWindowStart)));
			result.put("largeRowsPerSecond", format(jobRowsPerSecond(jdbcTemplate)));
			result.put("largePeakHeapMiB", peak.group(1));
			return result;
		}
		finally {
			dataSource.destroy();
		}
	}

	/** Rows/s of one backfill of client 42, its partitions run here ({@code workers} 0) or by that many workers. */
	private static double remoteBackfill(String url, String model, int workers, Path logs) throws Exception {
		SingleConnectionDataSource dataSource = dataSource(url);
		String queue = "reembed.bench." + UUID.randomUUID();
		List<ReembedProcess> processes = new ArrayList<>();
		try (InProcessQdrantServer qdrant = InProcessQdrantServer.start()) {
			int port = qdrant.startListening();
			for (int i = 0; i < workers; i++) {
				ReembedProcess worker = ReembedProcess.start(logs, List.of("-Xmx1g"),
						"io.reembed.ReembedApplication", withQueue(arguments(url, port, model, false, "worker"), queue));
				processes.add(worker);
				awaitWorker(worker);
			}
			ReembedProcess manager = ReembedProcess.start(logs, List.of("-Xmx512m"), "io.reembed.ReembedApplication",
					withQueue(arguments(url, port, model, workers > 0, "backfill"), queue));
			processes.add(manager);
			if (manager.waitFor(3_600) != 0) {
				throw new IllegalStateException("The backfill with " + workers + " workers failed:\n" + manager.output());
			}
			return jobRowsPerSecond(new JdbcTemplate(dataSource));
		}
		finally {
			for (ReembedProcess process : processes) {
				process.kill();
			}
			dataSource.destroy();
			CachingConnectionFactory broker = new CachingConnectionFactory("127.0.0.1", 5672);
			new RabbitAdmin(broker).deleteQueue(queue);
			broker.destroy();
		}
	}

	private static List<String> arguments(String url, int qdrantPort, String model, boolean remote,
			String command) {
		List<String> arguments = new ArrayList<>(List.of(command));
		if (command.equals("backfill")) {
			arguments.addAll(List.of("--table", "issues", "--client", "42", "--model", model));
		}
		arguments.addAll(List.of("--spring.datasource.url=" + url, "--spring.datasource.username=postgres", "--store",
				"qdrant", "--reembed.store.qdrant.host=127.0.0.1", "--reembed.store.qdrant.port=" + qdrantPort,
				"--reembed.remote.enabled=" + remote,
				// About 2% of the demo issues have no text and are dead-lettered: 5,000 in a 250,000-row partition.
				"--reembed.job.skip-limit=1000000"));
		return arguments;
	}

	private static List<String> withQueue(List<String> arguments, String queue) {
		List<String> withQueue = new ArrayList<>(arguments);
		withQueue.add("--reembed.remote.queue=" + queue);
		return withQueue;
	}

	private static void awaitWorker(ReembedProcess worker) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!worker.stdout().contains("reembed worker is taking partitions")) {
			if (!worker.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("The worker did not start:\n" + worker.output());
			}
			Thread.sleep(100);
		}
	}

	/** Rows written by the newest job execution over its whole run, start to end as the JobRepository has them. */
	private static double jobRowsPerSecond(JdbcTemplate jdbcTemplate) {
		Map<String, Object> job = jdbcTemplate.queryForMap("SELECT start_time, end_time, status FROM "
				+ "batch_job_execution WHERE job_execution_id = (SELECT MAX(job_execution_id) FROM batch_job_execution)");
		if (!"COMPLETED".equals(job.get("status"))) {
			throw new IllegalStateException("The job ended " + job.get("status"));
		}
		double seconds = (((Timestamp) job.get("end_time")).getTime() - ((Timestamp) job.get("start_time")).getTime())
				/ 1000.0;
		return written(jdbcTemplate) / seconds;
	}

	private static long read(JdbcTemplate jdbcTemplate) {
		Long read = jdbcTemplate.queryForObject(PARTITIONS_WRITTEN.replace("write_count", "read_count"), Long.class);
		return (read != null) ? read : 0;
	}

	private static long written(JdbcTemplate jdbcTemplate) {
		try {
			Long written = jdbcTemplate.queryForObject(PARTITIONS_WRITTEN, Long.class);
			return (written != null) ? written : 0;
		}
		catch (BadSqlGrammarException ex) {
			// The reembed process has not created the JobRepository's tables yet.
			return 0;
		}
	}

	/** Seconds at the last sample that had {@code count} rows or fewer. */
	private static double lastTimeAt(List<long[]> samples, long count) {
		double time = 0;
		for (long[] sample : samples) {
			if (sample[1] > count) {
				break;
			}
			time = sample[0] / 1e9;
		}
		return time;
	}

	/** Seconds at which the count reached {@code count}, between the samples on either side. */
	private static double timeReaching(List<long[]> samples, long count) {
		for (int i = 1; i < samples.size(); i++) {
			long[] before = samples.get(i - 1);
			long[] after = samples.get(i);
			if (after[1] >= count && before[1] < count) {
				double share = (double) (count - before[1]) / (after[1] - before[1]);
				return (before[0] + share * (after[0] - before[0])) / 1e9;
			}
		}
		throw new IllegalStateException("The count never reached " + count);
	}

	private static SingleConnectionDataSource dataSource(String url) {
		return new SingleConnectionDataSource(url, TestDatabases.POSTGRES_USER, "", true);
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
