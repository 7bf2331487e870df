package io.reembed.store.lucene;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.CollectionSpec;
import io.reembed.store.PayloadKeys;
import io.reembed.store.PointIds;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStoreException;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * What only the Lucene store has to get right: what survives on disk, and many writers on one collection.
 */
class LuceneVectorStoreTests {

	private static final int DIMENSIONS = 16;

	/** About ten batches of ten points. */
	private static final long SMALL_CHECKPOINT_BYTES = 20_000;

	private static final CollectionSpec SPEC = new CollectionSpec("docs", DIMENSIONS, "test/model@1/16/normalized",
			List.of("content", "summary"));

	@TempDir
	Path root;

	@Test
	void reopenedStoreSeesCommittedPointsAndTheSpec() throws Exception {
		List<VectorPoint> points = points("acme", 0, 50, new Random(1));
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			store.upsert("docs", points);
		}

		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			assertThat(store.describe("docs")).contains(SPEC);
			assertThat(store.count("docs", "acme")).isEqualTo(50);
			VectorPoint wanted = points.get(7);
			List<SearchHit> hits = store.search("docs",
					new SearchRequest("content", "acme", wanted.vectors().get("content"), 3));
			assertThat(hits.get(0).id()).isEqualTo(wanted.id());
			assertThat(hits.get(0).score()).isCloseTo(1.0f, within(1e-4f));
			store.ensureCollection(SPEC);
		}
	}

	@Test
	void concurrentUpsertsIntoOneCollectionLoseNothing() throws Exception {
		int threads = 4;
		int batches = 25;
		int batchSize = 100;
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					int partition = t;
					futures.add(executor.submit(() -> {
						Random random = new Random(partition);
						for (int b = 0; b < batches; b++) {
							int first = (partition * batches + b) * batchSize;
							store.upsert("docs", points("acme", first, batchSize, random));
						}
						return null;
					}));
				}
				for (Future<?> future : futures) {
					future.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				executor.shutdownNow();
			}

			long expected = (long) threads * batches * batchSize;
			assertThat(store.count("docs", "acme")).isEqualTo(expected);
			assertThat(store.pointIds("docs", "acme")).hasSize((int) expected);
		}
	}

	@Test
	void concurrentPartialUpsertsOfTheSamePointsKeepEveryVector() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add(UUID.randomUUID());
		}
		Map<String, Map<UUID, float[]>> written = new HashMap<>();
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (String vectorType : SPEC.vectorTypes()) {
					Map<UUID, float[]> vectors = new HashMap<>();
					written.put(vectorType, vectors);
					Random random = new Random(vectorType.hashCode());
					ids.forEach((id) -> vectors.put(id, randomVector(random)));
					futures.add(executor.submit((Callable<Void>) () -> {
						for (int from = 0; from < ids.size(); from += 20) {
							List<VectorPoint> batch = new ArrayList<>();
							for (UUID id : ids.subList(from, from + 20)) {
								batch.add(new VectorPoint(id, "acme", Map.of(vectorType, vectors.get(id)), Map.of()));
							}
							store.upsert("docs", batch);
						}
						return null;
					}));
				}
				for (Future<?> future : futures) {
					future.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				executor.shutdownNow();
			}

			assertThat(store.count("docs", "acme")).isEqualTo(ids.size());
		}
		// Read the indexed vectors exactly: a nearest-neighbour search is approximate and could miss a point.
		try (Directory directory = FSDirectory.open(this.root.resolve("docs").resolve("index"));
				DirectoryReader reader = DirectoryReader.open(directory)) {
			IndexSearcher searcher = new IndexSearcher(reader);
			for (UUID id : ids) {
				TopDocs topDocs = searcher.search(new TermQuery(PointDocuments.idTerm(id)), 2);
				assertThat(topDocs.scoreDocs).hasSize(1);
				int doc = topDocs.scoreDocs[0].doc;
				LeafReaderContext leaf = reader.leaves().get(ReaderUtil.subIndex(doc, reader.leaves()));
				Map<String, float[]> indexed = PointDocuments.vectors(leaf.reader(), doc - leaf.docBase,
						SPEC.vectorTypes());
				assertThat(indexed).containsOnlyKeys(SPEC.vectorTypes());
				written.forEach((vectorType, vectors) -> assertThat(indexed.get(vectorType))
					.containsExactly(PointDocuments.queryVector(vectors.get(id))));
			}
		}
	}

	@Test
	void collectionWithoutItsSpecFileDoesNotExist() throws Exception {
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			store.upsert("docs", points("acme", 0, 10, new Random(2)));
		}
		Files.delete(this.root.resolve("docs").resolve(CollectionSpecFile.FILE_NAME));

		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			assertThat(store.describe("docs")).isEmpty();
			assertThatExceptionOfType(CollectionNotFoundException.class)
				.isThrownBy(() -> store.upsert("docs", points("acme", 0, 1, new Random(3))));

			store.ensureCollection(SPEC);

			assertThat(store.describe("docs")).contains(SPEC);
			assertThat(store.count("docs", "acme")).isZero();
		}
	}

	@Test
	void payloadValuesKeepOneOfFourTypes() throws Exception {
		UUID id = UUID.randomUUID();
		float[] vector = randomVector(new Random(6));
		Map<String, Object> payload = Map.of("int", 7, "float", 0.5f, "long", 8L, "double", 0.25d, "flag", false,
				"text", "abc", "uuid", id);
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			store.upsert("docs", List.of(new VectorPoint(id, "acme", Map.of("content", vector), payload)));

			List<SearchHit> hits = store.search("docs", new SearchRequest("content", "acme", vector, 1));

			assertThat(hits).singleElement()
				.satisfies((hit) -> assertThat(hit.payload()).containsEntry("int", 7L)
					.containsEntry("float", 0.5d)
					.containsEntry("long", 8L)
					.containsEntry("double", 0.25d)
					.containsEntry("flag", false)
					.containsEntry("text", "abc")
					.containsEntry("uuid", id.toString())
					.containsEntry(PayloadKeys.CLIENT_ID, "acme"));
		}
	}

	@Test
	void vectorsWithoutADirectionAreRejectedBeforeAnythingIsWritten() throws Exception {
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
			List<VectorPoint> points = new ArrayList<>(points("acme", 0, 3, new Random(7)));
			points.add(new VectorPoint(UUID.randomUUID(), "acme", Map.of("content", new float[DIMENSIONS]), Map.of()));

			assertThatExceptionOfType(VectorStoreException.class).isThrownBy(() -> store.upsert("docs", points))
				.withMessageContaining("content");
			assertThat(store.count("docs", "acme")).isZero();
		}
	}

	@Test
	void checkpointsCommitTheLogAndDeleteItsGenerations() throws Exception {
		// given
		LuceneIndexOptions smallCheckpoints = new LuceneIndexOptions(16, 100, SMALL_CHECKPOINT_BYTES, 100);
		Path log = this.root.resolve("docs").resolve("log");
		try (LuceneVectorStore store = new LuceneVectorStore(this.root, smallCheckpoints)) {
			store.ensureCollection(SPEC);
			Random random = new Random(10);

			// when
			for (int batch = 0; batch < 20; batch++) {
				store.upsert("docs", points("acme", batch * 10, 10, random));
			}

			// then
			assertThat(WriteAheadLog.generations(log)).hasSize(1);
			try (LuceneVectorStore otherProcess = new LuceneVectorStore(this.root)) {
				assertThat(otherProcess.count("docs", "acme")).as("points a checkpoint committed")
					.isGreaterThanOrEqualTo(150)
					.isLessThan(200);
			}
			assertThat(store.count("docs", "acme")).isEqualTo(200);
		}
	}

	@Test
	void anotherProcessSeesTheLastCommitAndLeavesTheLogToItsWriter() throws Exception {
		try (LuceneVectorStore writer = new LuceneVectorStore(this.root)) {
			writer.ensureCollection(SPEC);
			writer.upsert("docs", points("acme", 0, 30, new Random(8)));
			assertThat(writer.count("docs", "acme")).isEqualTo(30);

			try (LuceneVectorStore reader = new LuceneVectorStore(this.root)) {
				assertThat(reader.count("docs", "acme")).isZero();
				assertThat(WriteAheadLog.generations(this.root.resolve("docs").resolve("log"))).isNotEmpty();
			}
			writer.upsert("docs", points("acme", 30, 20, new Random(9)));
		}

		assertThat(WriteAheadLog.generations(this.root.resolve("docs").resolve("log"))).isEmpty();
		try (LuceneVectorStore reader = new LuceneVectorStore(this.root)) {
			assertThat(reader.count("docs", "acme")).isEqualTo(50);
		}
	}

	@Test
	void commitShowsEveryAcknowledgedPointToAnotherProcess() throws Exception {
		Path log = this.root.resolve("docs").resolve("log");
		try (LuceneVectorStore writer = new LuceneVectorStore(this.root)) {
			// given
			writer.ensureCollection(SPEC);
			writer.upsert("docs", points("acme", 0, 30, new Random(13)));

			// when
			writer.commit("docs");

			// then
			try (LuceneVectorStore reader = new LuceneVectorStore(this.root)) {
				assertThat(reader.count("docs", "acme")).isEqualTo(30);
			}
			assertThat(WriteAheadLog.generations(log)).as("only the generation new writes go to").hasSize(1);
			writer.commit("docs");
			assertThatExceptionOfType(CollectionNotFoundException.class).isThrownBy(() -> writer.commit("missing"));
		}
	}

	@Test
	void killedWriterLosesNoAcknowledgedBatch() throws Exception {
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				KilledWriter.class.getName(), this.root.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		int acknowledged = 0;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while (acknowledged < 5 && (line = output.readLine()) != null) {
				if (line.startsWith(KilledWriter.ACKNOWLEDGED)) {
					acknowledged = Integer.parseInt(line.substring(KilledWriter.ACKNOWLEDGED.length()));
				}
			}
		}
		finally {
			process.destroyForcibly();
			process.waitFor(1, TimeUnit.MINUTES);
		}
		assertThat(acknowledged).as("batches acknowledged before the kill").isEqualTo(5);

		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			long count = store.count("docs", "acme");
			assertThat(count).isGreaterThanOrEqualTo(5L * KilledWriter.BATCH_SIZE);
			assertThat(count % KilledWriter.BATCH_SIZE).as("only whole batches are replayed").isZero();
			store.upsert("docs", points("acme", 0, 1, new Random(4)));
			assertThat(store.count("docs", "acme")).isEqualTo(count);
		}
	}

	@Test
	void loggedDeletesAreReplayedInOrderWithTheUpserts() throws Exception {
		// given
		Path log = this.root.resolve("docs").resolve("log");
		List<VectorPoint> points = points("acme", 0, 10, new Random(11));
		VectorPoint deleted = points.get(0);
		VectorPoint upsertedAgain = points.get(1);
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {
			store.ensureCollection(SPEC);
		}
		// What a writer that died right after acknowledging these writes leaves behind: a log, and no commit.
		try (WriteAheadLog writes = WriteAheadLog.open(log, List.of())) {
			writes.append(PointRecords.encodeUpsert(points));
			writes.append(PointRecords.encodeDelete(List.of(deleted.id(), upsertedAgain.id())));
			writes.sync(writes.append(PointRecords.encodeUpsert(List.of(upsertedAgain))));
		}

		// when
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {

			// then
			assertThat(store.pointIds("docs", "acme")).hasSize(9)
				.doesNotContain(deleted.id())
				.contains(upsertedAgain.id());
			assertThat(WriteAheadLog.generations(log)).isEmpty();
		}
	}

	@Test
	void killedWriterLosesNoAcknowledgedDelete() throws Exception {
		// given
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				KilledDeleter.class.getName(), this.root.toString())
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		boolean deleted = false;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while (!deleted && (line = output.readLine()) != null) {
				deleted = line.equals(KilledDeleter.DELETED);
			}
		}
		finally {
			process.destroyForcibly();
			process.waitFor(1, TimeUnit.MINUTES);
		}
		assertThat(deleted).as("delete acknowledged before the kill").isTrue();
		assertThat(WriteAheadLog.generations(this.root.resolve("docs").resolve("log"))).isNotEmpty();

		// when
		try (LuceneVectorStore store = new LuceneVectorStore(this.root)) {

			// then
			List<VectorPoint> all = KilledDeleter.points();
			List<UUID> kept = all.subList(KilledDeleter.DELETED_POINTS, all.size())
				.stream()
				.map(VectorPoint::id)
				.toList();
			assertThat(store.pointIds("docs", "acme")).containsExactlyInAnyOrderElementsOf(kept);
		}
	}

	static List<VectorPoint> points(String clientId, int first, int size, Random random) {
		List<VectorPoint> points = new ArrayList<>(size);
		for (int i = first; i < first + size; i++) {
			String recordId = Integer.toString(i);
			points.add(new VectorPoint(PointIds.of(clientId, "docs", recordId), clientId,
					Map.of("content", randomVector(random), "summary", randomVector(random)),
					Map.of(PayloadKeys.TABLE, "docs", PayloadKeys.RECORD_ID, recordId)));
		}
		return points;
	}

	static float[] randomVector(Random random) {
		float[] vector = new float[DIMENSIONS];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return vector;
	}

	/**
	 * Upserts batches until killed, printing the number of acknowledged batches after each one; log lines share
	 * the output, hence the prefix.
	 */
	static final class KilledWriter {

		static final int BATCH_SIZE = 100;

		static final String ACKNOWLEDGED = "acknowledged ";

		private KilledWriter() {
		}

		public static void main(String[] args) throws IOException {
			Random random = new Random(5);
			// Checkpoints while it runs, so that the kill leaves both commits and a log behind.
			LuceneVectorStore store = new LuceneVectorStore(Paths.get(args[0]),
					new LuceneIndexOptions(16, 100, SMALL_CHECKPOINT_BYTES, 100));
			store.ensureCollection(SPEC);
			for (int batch = 1; batch < Integer.MAX_VALUE; batch++) {
				store.upsert("docs", points("acme", (batch - 1) * BATCH_SIZE, BATCH_SIZE, random));
				// Standard output is the channel to the test, which kills this process once it has read enough.
				System.out.println(ACKNOWLEDGED + batch);
				System.out.flush();
			}
		}

	}

	/**
	 * Upserts points in batches, then deletes the first of them, says so and waits to be killed. Checkpoints commit
	 * the upserts as they go, so the points it deletes are in the index and their delete only in the log.
	 */
	static final class KilledDeleter {

		static final String DELETED = "deleted";

		static final int DELETED_POINTS = 150;

		private static final int BATCHES = 4;

		private static final int BATCH_SIZE = 100;

		private KilledDeleter() {
		}

		static List<VectorPoint> points() {
			return LuceneVectorStoreTests.points("acme", 0, BATCHES * BATCH_SIZE, new Random(12));
		}

		public static void main(String[] args) throws Exception {
			LuceneVectorStore store = new LuceneVectorStore(Paths.get(args[0]),
					new LuceneIndexOptions(16, 100, SMALL_CHECKPOINT_BYTES, 100));
			store.ensureCollection(SPEC);
			List<VectorPoint> points = points();
			for (int from = 0; from < points.size(); from += BATCH_SIZE) {
				store.upsert("docs", points.subList(from, from + BATCH_SIZE));
			}
			store.delete("docs", points.subList(0, DELETED_POINTS).stream().map(VectorPoint::id).toList());
			// Standard output is the channel to the test, which kills this process once it has read this.
			System.out.println(DELETED);
			System.out.flush();
			Thread.sleep(TimeUnit.MINUTES.toMillis(5));
		}

	}

}
