package io.reembed.store.lucene;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.reembed.store.CollectionSpec;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorPoint;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
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
import org.apache.lucene.util.IOUtils;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lucene index of one collection: a lazily opened writer shared by all threads, group commits, and searchers
 * that only ever see committed points, refreshed when a read follows a commit.
 */
final class CollectionIndex implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(CollectionIndex.class);

	/**
	 * Every upsert ends with a commit, which flushes the buffer anyway, so the buffer only has to hold what
	 * concurrent writers add during one commit.
	 */
	private static final double RAM_BUFFER_MB = 128;

	private final CollectionSpec spec;

	private final Directory directory;

	private final SearcherManager searchers;

	/**
	 * Upserts that carry every vector type share the read lock. A partial upsert reads the vectors it keeps and
	 * writes them back, so it takes the write lock: no other upsert may change the same points in between.
	 */
	private final ReadWriteLock upsertLock = new ReentrantReadWriteLock();

	private final Object writerMonitor = new Object();

	private @Nullable GroupCommitWriter writer;

	private boolean closed;

	/**
	 * Commits made so far. Reads refresh the searchers when those have seen fewer, so that commits, which upserts
	 * wait for, do not also pay for opening readers.
	 */
	private final AtomicLong commits = new AtomicLong();

	private final Object refreshMonitor = new Object();

	/** Commits the current searchers include. Guarded by refreshMonitor for writes. */
	private volatile long searchedCommits;

	private CollectionIndex(CollectionSpec spec, Directory directory, SearcherManager searchers) {
		this.spec = spec;
		this.directory = directory;
		this.searchers = searchers;
	}

	/** Creates an empty index, replacing whatever an interrupted creation left behind. */
	static void create(Path indexDir) throws IOException {
		try (Directory directory = FSDirectory.open(indexDir);
				IndexWriter writer = new IndexWriter(directory,
						writerConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE))) {
			writer.commit();
		}
	}

	static CollectionIndex open(Path indexDir, CollectionSpec spec) throws IOException {
		Directory directory = new SyncOnceDirectory(FSDirectory.open(indexDir));
		try {
			// Over the directory rather than the writer: a searcher sees only what a commit made durable.
			return new CollectionIndex(spec, directory, new SearcherManager(directory, null));
		}
		catch (IOException | RuntimeException ex) {
			IOUtils.closeWhileHandlingException(directory);
			throw ex;
		}
	}

	private static IndexWriterConfig writerConfig() {
		return new IndexWriterConfig().setRAMBufferSizeMB(RAM_BUFFER_MB)
			// Acknowledged points are committed already; whatever is still buffered at close was never acknowledged.
			.setCommitOnClose(false)
			// A commit would otherwise wait for merges of the small segments it flushed, and merging rebuilds
			// HNSW graphs: acknowledging an upsert must not wait for that. Merges still run, in the background.
			.setMaxFullFlushMergeWaitMillis(0);
	}

	CollectionSpec spec() {
		return this.spec;
	}

	/** Writes the points and returns once a commit holds them. The points must have been validated. */
	void upsert(List<VectorPoint> points) throws IOException {
		GroupCommitWriter writer = writer();
		boolean partial = points.stream().anyMatch((point) -> !carriesAllVectorTypes(point));
		Lock lock = partial ? this.upsertLock.writeLock() : this.upsertLock.readLock();
		long seqNo = -1;
		lock.lock();
		try {
			List<Map<String, float[]>> vectors = partial ? mergedVectors(writer, points)
					: points.stream().map(VectorPoint::vectors).toList();
			// All documents first: a point that cannot be turned into one must not leave half a batch written.
			List<Document> documents = new ArrayList<>(points.size());
			for (int i = 0; i < points.size(); i++) {
				VectorPoint point = points.get(i);
				documents.add(PointDocuments.toDocument(point.id(), point.clientId(), vectors.get(i), point.payload()));
			}
			for (int i = 0; i < points.size(); i++) {
				seqNo = writer.indexWriter.updateDocument(PointDocuments.idTerm(points.get(i).id()), documents.get(i));
			}
		}
		finally {
			lock.unlock();
		}
		writer.commitUpTo(seqNo);
	}

	List<SearchHit> search(SearchRequest request) throws IOException {
		IndexSearcher searcher = acquireSearcher();
		try {
			KnnFloatVectorQuery query = new KnnFloatVectorQuery(PointDocuments.vectorField(request.vectorType()),
					PointDocuments.queryVector(request.vector()), request.limit(),
					new TermQuery(PointDocuments.clientIdTerm(request.clientId())));
			TopDocs topDocs = searcher.search(query, request.limit());
			List<SearchHit> hits = new ArrayList<>(topDocs.scoreDocs.length);
			for (ScoreDoc scoreDoc : topDocs.scoreDocs) {
				hits.add(PointDocuments.toHit(searcher.storedFields(), scoreDoc.doc,
						PointDocuments.cosine(scoreDoc.score)));
			}
			return hits;
		}
		finally {
			this.searchers.release(searcher);
		}
	}

	long count(String clientId) throws IOException {
		IndexSearcher searcher = acquireSearcher();
		try {
			return searcher.count(new TermQuery(PointDocuments.clientIdTerm(clientId)));
		}
		finally {
			this.searchers.release(searcher);
		}
	}

	Set<UUID> pointIds(String clientId) throws IOException {
		IndexSearcher searcher = acquireSearcher();
		try {
			IdCollector collector = new IdCollector();
			searcher.search(new TermQuery(PointDocuments.clientIdTerm(clientId)), collector);
			return Collections.unmodifiableSet(collector.ids);
		}
		finally {
			this.searchers.release(searcher);
		}
	}

	@Override
	public void close() throws IOException {
		synchronized (this.writerMonitor) {
			this.closed = true;
			IndexWriter indexWriter = (this.writer != null) ? this.writer.indexWriter : null;
			this.writer = null;
			IOUtils.close(this.searchers, indexWriter, this.directory);
		}
	}

	private boolean carriesAllVectorTypes(VectorPoint point) {
		return point.vectors().keySet().containsAll(this.spec.vectorTypes());
	}

	/**
	 * The vectors to write for each point: its own, plus those of the stored point (or of an earlier point of the
	 * same batch) for the vector types it does not carry. Runs under the write lock.
	 */
	private List<Map<String, float[]>> mergedVectors(GroupCommitWriter writer, List<VectorPoint> points)
			throws IOException {
		// The searchers only see commits; committing what other upserts have written makes their points readable.
		writer.commitUpTo(writer.indexWriter.getMaxCompletedSequenceNumber());
		Map<UUID, Map<String, float[]>> latest = new HashMap<>();
		List<Map<String, float[]>> merged = new ArrayList<>(points.size());
		IndexSearcher searcher = acquireSearcher();
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
				merged.add(vectors);
			}
		}
		finally {
			this.searchers.release(searcher);
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

	private IndexSearcher acquireSearcher() throws IOException {
		boolean writing;
		synchronized (this.writerMonitor) {
			writing = this.writer != null;
		}
		if (this.searchedCommits < this.commits.get()) {
			synchronized (this.refreshMonitor) {
				// Read before refreshing: the refreshed searchers include at least the commits counted so far.
				long committed = this.commits.get();
				if (this.searchedCommits < committed) {
					this.searchers.maybeRefreshBlocking();
					this.searchedCommits = committed;
				}
			}
		}
		else if (!writing) {
			// Without a writer here, commits can only come from another process: look for them.
			this.searchers.maybeRefresh();
		}
		return this.searchers.acquire();
	}

	/** The shared writer, opened on first use and reopened when a failure has closed it. */
	private GroupCommitWriter writer() throws IOException {
		synchronized (this.writerMonitor) {
			if (this.closed) {
				throw new AlreadyClosedException("index of collection '" + this.spec.name() + "' is closed");
			}
			GroupCommitWriter current = this.writer;
			if (current == null || !current.indexWriter.isOpen()) {
				if (current != null) {
					logger.warn("Reopening the writer of collection {} after a failure closed it", this.spec.name(),
							current.indexWriter.getTragicException());
				}
				current = new GroupCommitWriter(new IndexWriter(this.directory,
						writerConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND)));
				this.writer = current;
			}
			return current;
		}
	}

	/**
	 * A writer whose commits are shared: an upsert that finds its changes already committed by a concurrent upsert
	 * returns without committing again.
	 */
	private final class GroupCommitWriter {

		private final IndexWriter indexWriter;

		private final ReentrantLock commitLock = new ReentrantLock();

		/** Every operation up to this sequence number is committed. */
		private volatile long committedSeqNo = -1;

		GroupCommitWriter(IndexWriter indexWriter) {
			this.indexWriter = indexWriter;
		}

		void commitUpTo(long seqNo) throws IOException {
			if (this.committedSeqNo >= seqNo) {
				return;
			}
			this.commitLock.lock();
			try {
				// Whoever held the lock before may have committed these changes along with its own.
				if (this.committedSeqNo >= seqNo) {
					return;
				}
				long committed = this.indexWriter.commit();
				// -1: nothing was pending, so everything completed so far, this upsert included, was committed.
				long covered = (committed >= 0) ? committed : seqNo;
				// Before publishing the sequence number: an upsert that returns must see its points in a read.
				CollectionIndex.this.commits.incrementAndGet();
				this.committedSeqNo = Math.max(this.committedSeqNo, covered);
			}
			finally {
				this.commitLock.unlock();
			}
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
