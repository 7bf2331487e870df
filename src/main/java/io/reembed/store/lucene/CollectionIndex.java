package io.reembed.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.reembed.store.CollectionSpec;
import io.reembed.store.PointLocks;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorPoint;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of one collection: a lazily opened writer shared by all threads, whose upserts and deletes are
 * acknowledged once a {@link WriteAheadLog write-ahead log} holds them, and searchers that see every acknowledged
 * write.
 * <p>
 * Lucene commits happen at checkpoints, when the log has grown by {@link LuceneIndexOptions#checkpointBytes()},
 * and when the index closes. A process that does not write sees the last commit; when it finds a log that no live writer owns (its
 * process died), it replays the log into the index first.
 */
final class CollectionIndex implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(CollectionIndex.class);

	/**
	 * Large enough that the HNSW graph of a flushed segment covers tens of thousands of points, so that merges,
	 * which rebuild graphs, stay rare; small enough for a 512 MiB heap.
	 */
	private static final double RAM_BUFFER_MB = 128;

	private final CollectionSpec spec;

	private final LuceneIndexOptions options;

	private final Directory directory;

	private final Path logDir;

	/** What a process that does not write reads: the last commit. */
	private final SearcherManager committedSearchers;

	/**
	 * A partial upsert reads the vectors it keeps and writes them back: no other upsert or delete may change the same
	 * points in between. Writes of other points, such as those of other partitions, go on in parallel. Holding the
	 * locks from the change of the index to the log append also keeps the log in the order the index saw the writes
	 * of one point.
	 */
	private final PointLocks pointLocks = new PointLocks();

	private final Object writerMonitor = new Object();

	/**
	 * Threads that may add documents at once, one a core. Lucene gives each concurrent thread a buffer of its own,
	 * which builds an HNSW graph of its own and flushes it as a segment of its own: more threads than cores build no
	 * graph faster, but leave more and smaller segments, which every search visits and merges rebuild.
	 */
	private final Semaphore indexers = new Semaphore(Runtime.getRuntime().availableProcessors());

	private @Nullable LoggedWriter writer;

	private boolean closed;

	private CollectionIndex(CollectionSpec spec, LuceneIndexOptions options, Directory directory, Path logDir,
			SearcherManager committedSearchers) {
		this.spec = spec;
		this.options = options;
		this.directory = directory;
		this.logDir = logDir;
		this.committedSearchers = committedSearchers;
	}

	/** Creates an empty index, replacing whatever an interrupted creation left behind. */
	static void create(Path indexDir) throws IOException {
		try (Directory directory = FSDirectory.open(indexDir);
				IndexWriter writer = new IndexWriter(directory,
						writerConfig(LuceneIndexOptions.DEFAULTS).setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
			writer.commit();
		}
	}

	/**
	 * Opens the index, first replaying a log that a dead process left behind.
	 * @param indexDir the Lucene index
	 * @param logDir the write-ahead log's generations
	 */
	static CollectionIndex open(Path indexDir, Path logDir, CollectionSpec spec, LuceneIndexOptions options)
			throws IOException {
		Directory directory = new SyncOnceDirectory(FSDirectory.open(indexDir));
		try {
			replayAbandonedLog(directory, logDir, spec, options);
			return new CollectionIndex(spec, options, directory, logDir, new SearcherManager(directory, null));
		}
		catch (IOException | RuntimeException ex) {
			IOUtils.closeWhileHandlingException(directory);
			throw ex;
		}
	}

	private static void replayAbandonedLog(Directory directory, Path logDir, CollectionSpec spec,
			LuceneIndexOptions options) throws IOException {
		if (WriteAheadLog.generations(logDir).isEmpty()) {
			return;
		}
		IndexWriter indexWriter;
		try {
			indexWriter = new IndexWriter(directory,
					writerConfig(options).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
		}
		catch (LockObtainFailedException ex) {
			// A live process writes this collection and owns its log; its points become visible here when it
			// commits them.
			return;
		}
		try (indexWriter) {
			replay(indexWriter, logDir, spec);
		}
	}

	/** Applies every logged write to the index again, in order, commits, and deletes the log. */
	private static void replay(IndexWriter indexWriter, Path logDir, CollectionSpec spec) throws IOException {
		List<Long> generations = WriteAheadLog.generations(logDir);
		if (generations.isEmpty()) {
			return;
		}
		long writes = 0;
		try {
			for (long generation : generations) {
				writes += WriteAheadLog.replay(logDir, generation, (record) -> {
					try {
						PointRecords.LoggedWrite write = PointRecords.decode(record);
						if (write instanceof PointRecords.Upsert upsert) {
							for (VectorPoint point : upsert.points()) {
								indexWriter.updateDocument(PointDocuments.idTerm(point.id()), PointDocuments
									.toDocument(point.id(), point.clientId(), point.vectors(), point.payload()));
							}
						}
						else if (write instanceof PointRecords.Delete delete) {
							indexWriter.deleteDocuments(idTerms(delete.ids()));
						}
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		indexWriter.commit();
		WriteAheadLog.delete(logDir, generations);
		logger.info("Replayed {} logged writes into collection {}", writes, spec.name());
	}

	private static IndexWriterConfig writerConfig(LuceneIndexOptions options) {
		KnnVectorsFormat vectorsFormat = new HnswVectorsFormat(options.maxConnections(), options.beamWidth(),
				VectorScorers.best());
		Codec codec = new Lucene912Codec() {
			@Override
			public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
				return vectorsFormat;
			}
		};
		return new IndexWriterConfig().setCodec(codec)
			.setRAMBufferSizeMB(RAM_BUFFER_MB)
			.setMergeScheduler(new SerialGraphMergeScheduler())
			// Whatever is buffered but not logged was never acknowledged; close commits explicitly otherwise.
			.setCommitOnClose(false)
			// A commit would otherwise wait for merges, and merging rebuilds HNSW graphs. Merges still run, in the
			// background.
			.setMaxFullFlushMergeWaitMillis(0);
	}

	CollectionSpec spec() {
		return this.spec;
	}

	/** Writes the points and returns once the log holds them durably. The points must have been validated. */
	void upsert(List<VectorPoint> points) throws IOException {
		LoggedWriter writer = writer();
		boolean partial = points.stream().anyMatch((point) -> !carriesAllVectorTypes(point));
		Set<UUID> ids = new HashSet<>();
		points.forEach((point) -> ids.add(point.id()));
		long logPosition;
		lockPoints(ids);
		try {
			List<VectorPoint> indexed = partial ? withKeptVectors(writer, points, ids) : points;
			// All documents first: a point that cannot be turned into one must not leave half a batch written.
			List<Document> documents = new ArrayList<>(indexed.size());
			for (VectorPoint point : indexed) {
				documents.add(PointDocuments.toDocument(point.id(), point.clientId(), point.vectors(), point.payload()));
			}
			acquireIndexer();
			try {
				for (int i = 0; i < indexed.size(); i++) {
					writer.indexWriter.updateDocument(PointDocuments.idTerm(indexed.get(i).id()), documents.get(i));
				}
			}
			finally {
				this.indexers.release();
			}
			// After the documents: a checkpoint that rolls the log past this record commits them, and a partial
			// upsert that finds these ids unseen refreshes its searcher first.
			writer.unseen.add(ids);
			logPosition = writer.log.append(PointRecords.encodeUpsert(indexed));
		}
		finally {
			this.pointLocks.unlock(ids);
		}
		acknowledge(writer, logPosition);
	}

	/** Deletes the points and returns once the log holds the delete durably; ids without a point are ignored. */
	void delete(Set<UUID> ids) throws IOException {
		LoggedWriter writer = writer();
		long logPosition;
		lockPoints(ids);
		try {
			writer.indexWriter.deleteDocuments(idTerms(ids));
			// After the delete, as after an upsert's documents: a checkpoint that rolls the log past this record
			// commits it, and a partial upsert of these ids refreshes its searcher first, rather than keep the
			// vectors of a point that no longer exists.
			writer.unseen.add(ids);
			logPosition = writer.log.append(PointRecords.encodeDelete(ids));
		}
		finally {
			this.pointLocks.unlock(ids);
		}
		acknowledge(writer, logPosition);
	}

	/** Commits every acknowledged write, so that other processes see it and nothing is left to replay. */
	void commit() throws IOException {
		LoggedWriter current;
		synchronized (this.writerMonitor) {
			current = this.writer;
		}
		if (current != null && current.indexWriter.isOpen()) {
			current.commit();
		}
	}

	List<SearchHit> search(SearchRequest request) throws IOException {
		try (Lease lease = acquireSearcher()) {
			IndexSearcher searcher = lease.searcher();
			KnnFloatVectorQuery query = new KnnFloatVectorQuery(PointDocuments.vectorField(request.vectorType()),
					PointDocuments.queryVector(request.vector()),
					Math.max(request.limit(), this.options.searchCandidates()),
					new TermQuery(PointDocuments.clientIdTerm(request.clientId())));
			TopDocs topDocs = searcher.search(query, request.limit());
			List<SearchHit> hits = new ArrayList<>(topDocs.scoreDocs.length);
			for (ScoreDoc scoreDoc : topDocs.scoreDocs) {
				hits.add(PointDocuments.toHit(searcher.storedFields(), scoreDoc.doc,
						PointDocuments.cosine(scoreDoc.score)));
			}
			return hits;
		}
	}

	long count(String clientId) throws IOException {
		try (Lease lease = acquireSearcher()) {
			return lease.searcher().count(new TermQuery(PointDocuments.clientIdTerm(clientId)));
		}
	}

	Set<UUID> pointIds(String clientId) throws IOException {
		try (Lease lease = acquireSearcher()) {
			IdCollector collector = new IdCollector();
			lease.searcher().search(new TermQuery(PointDocuments.clientIdTerm(clientId)), collector);
			return Collections.unmodifiableSet(collector.ids);
		}
	}

	/** Commits every acknowledged point and deletes the log; a writer left broken by a failure keeps its log. */
	@Override
	public void close() throws IOException {
		synchronized (this.writerMonitor) {
			this.closed = true;
			LoggedWriter current = this.writer;
			this.writer = null;
			try {
				if (current != null) {
					current.commitAndClose();
				}
			}
			finally {
				IOUtils.close(this.committedSearchers, this.directory);
			}
		}
	}

	private void lockPoints(Set<UUID> ids) throws InterruptedIOException {
		try {
			this.pointLocks.lock(ids);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for concurrent writes of the same points");
		}
	}

	private void acquireIndexer() throws InterruptedIOException {
		try {
			this.indexers.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for a free indexing thread");
		}
	}

	/** Returns once the logged write is durable, and makes the searchers show it from then on. */
	private void acknowledge(LoggedWriter writer, long logPosition) throws IOException {
		writer.log.sync(logPosition);
		writer.acknowledged.incrementAndGet();
		if (writer.log.generationBytes() >= this.options.checkpointBytes()) {
			writer.checkpoint();
		}
	}

	private static Term[] idTerms(Collection<UUID> ids) {
		return ids.stream().map(PointDocuments::idTerm).toArray(Term[]::new);
	}

	private boolean carriesAllVectorTypes(VectorPoint point) {
		return point.vectors().keySet().containsAll(this.spec.vectorTypes());
	}

	/**
	 * The points with the vectors to write: their own, plus those of the stored point (or of an earlier point of
	 * the same batch) for the vector types they do not carry. The caller holds the points' locks.
	 */
	private List<VectorPoint> withKeptVectors(LoggedWriter writer, List<VectorPoint> points, Set<UUID> ids)
			throws IOException {
		// Refreshing flushes a segment, so only when a point was written since the searchers last looked: a
		// backfill of one vector type into a new collection never needs to.
		if (writer.unseen.refreshNeededFor(ids)) {
			writer.searchers.maybeRefreshBlocking();
		}
		Map<UUID, Map<String, float[]>> latest = new HashMap<>();
		List<VectorPoint> merged = new ArrayList<>(points.size());
		IndexSearcher searcher = writer.searchers.acquire();
		try {
			for (VectorPoint point : points) {
				Map<String, float[]> vectors = point.vectors();
				if (!carriesAllVectorTypes(point)) {
					Map<String, float[]> previous = latest.get(point.id());
					Map<String, float[]> combined = new HashMap<>(
							(previous != null) ? previous : indexedVectors(searcher, point.id()));
					combined.putAll(vectors);
					vectors = combined;
				}
				latest.put(point.id(), vectors);
				merged.add(new VectorPoint(point.id(), point.clientId(), vectors, point.payload()));
			}
		}
		finally {
			writer.searchers.release(searcher);
		}
		return merged;
	}

	private Map<String, float[]> indexedVectors(IndexSearcher searcher, UUID id) throws IOException {
		TopDocs topDocs = searcher.search(new TermQuery(PointDocuments.idTerm(id)), 1);
		if (topDocs.scoreDocs.length == 0) {
			return Map.of();
		}
		int doc = topDocs.scoreDocs[0].doc;
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
		return PointDocuments.vectors(leaf.reader(), doc - leaf.docBase, this.spec.vectorTypes());
	}

	/**
	 * This process's writer's searchers when it writes, refreshed when points were acknowledged since they last
	 * were; otherwise the last commit, which another process may have moved on.
	 */
	private Lease acquireSearcher() throws IOException {
		LoggedWriter current;
		synchronized (this.writerMonitor) {
			current = this.writer;
		}
		if (current == null) {
			this.committedSearchers.maybeRefresh();
			return new Lease(this.committedSearchers, this.committedSearchers.acquire());
		}
		current.refreshIfBehind();
		return new Lease(current.searchers, current.searchers.acquire());
	}

	/** The shared writer, opened on first use and reopened when a failure has closed it. */
	private LoggedWriter writer() throws IOException {
		synchronized (this.writerMonitor) {
			if (this.closed) {
				throw new AlreadyClosedException("index of collection '" + this.spec.name() + "' is closed");
			}
			LoggedWriter current = this.writer;
			if (current == null || !current.indexWriter.isOpen()) {
				if (current != null) {
					logger.warn("Reopening the writer of collection {} after a failure closed it", this.spec.name(),
							current.indexWriter.getTragicException());
					this.writer = null;
					current.abandon();
				}
				current = openWriter();
				this.writer = current;
			}
			return current;
		}
	}

	private LoggedWriter openWriter() throws IOException {
		IndexWriter indexWriter = new IndexWriter(this.directory,
				writerConfig(this.options).setOpenMode(IndexWriterConfig.OpenMode.APPEND));
		try {
			// What a failed writer had buffered is lost with it, but its log has every acknowledged point.
			replay(indexWriter, this.logDir, this.spec);
			WriteAheadLog log = WriteAheadLog.open(this.logDir, WriteAheadLog.generations(this.logDir));
			return new LoggedWriter(indexWriter, log, new SearcherManager(indexWriter, null));
		}
		catch (IOException | RuntimeException ex) {
			IOUtils.closeWhileHandlingException(indexWriter);
			throw ex;
		}
	}

	/** An index writer, the log of what it has not committed, and near-real-time searchers over both. */
	private final class LoggedWriter {

		private final IndexWriter indexWriter;

		private final WriteAheadLog log;

		private final SearcherManager searchers;

		/** Points written since the searchers were last refreshed for a partial upsert. */
		private final UnseenPoints unseen = new UnseenPoints();

		/** Writes acknowledged so far; searchers refresh when they have seen fewer. */
		private final AtomicLong acknowledged = new AtomicLong();

		/** Acknowledged writes the searchers include. Written under refreshMonitor. */
		private volatile long searched;

		private final Object refreshMonitor = new Object();

		private final ReentrantLock checkpointLock = new ReentrantLock();

		LoggedWriter(IndexWriter indexWriter, WriteAheadLog log, SearcherManager searchers) {
			this.indexWriter = indexWriter;
			this.log = log;
			this.searchers = searchers;
		}

		void refreshIfBehind() throws IOException {
			if (this.searched >= this.acknowledged.get()) {
				return;
			}
			synchronized (this.refreshMonitor) {
				// Read before refreshing: the refreshed searchers include at least the writes counted so far.
				long acknowledgedNow = this.acknowledged.get();
				if (this.searched < acknowledgedNow) {
					this.searchers.maybeRefreshBlocking();
					this.searched = acknowledgedNow;
				}
			}
		}

		/** Commits what the log holds so far and deletes those generations; one checkpoint at a time. */
		void checkpoint() throws IOException {
			if (!this.checkpointLock.tryLock()) {
				return;
			}
			try {
				if (this.log.generationBytes() < CollectionIndex.this.options.checkpointBytes()) {
					return;
				}
				commitLogged();
			}
			finally {
				this.checkpointLock.unlock();
			}
		}

		/** Commits everything the log holds, waiting for a checkpoint under way. */
		void commit() throws IOException {
			this.checkpointLock.lock();
			try {
				if (this.log.generationBytes() > 0) {
					commitLogged();
				}
			}
			finally {
				this.checkpointLock.unlock();
			}
		}

		private void commitLogged() throws IOException {
			List<Long> covered = this.log.roll();
			this.indexWriter.commit();
			WriteAheadLog.delete(CollectionIndex.this.logDir, covered);
		}

		void commitAndClose() throws IOException {
			try {
				if (this.indexWriter.isOpen()) {
					this.indexWriter.commit();
					this.log.closeAndDelete();
				}
			}
			finally {
				IOUtils.close(this.searchers, this.log, this.indexWriter);
			}
		}

		/** Closes without committing: the log keeps what was acknowledged, for the next writer to replay. */
		void abandon() {
			IOUtils.closeWhileHandlingException(this.searchers, this.log, this.indexWriter);
		}

	}

	private record Lease(SearcherManager manager, IndexSearcher searcher) implements Closeable {

		@Override
		public void close() throws IOException {
			this.manager.release(this.searcher);
		}

	}

	private static final class IdCollector extends SimpleCollector {

		private final Set<UUID> ids = new HashSet<>();

		private @Nullable BinaryDocValues idValues;

		@Override
		protected void doSetNextReader(LeafReaderContext context) throws IOException {
			this.idValues = context.reader().getBinaryDocValues(PointDocuments.ID_FIELD);
		}

		@Override
		public void collect(int doc) throws IOException {
			BinaryDocValues values = this.idValues;
			if (values != null && values.advanceExact(doc)) {
				this.ids.add(PointDocuments.uuid(values.binaryValue()));
			}
		}

		@Override
		public ScoreMode scoreMode() {
			return ScoreMode.COMPLETE_NO_SCORES;
		}

	}

}
