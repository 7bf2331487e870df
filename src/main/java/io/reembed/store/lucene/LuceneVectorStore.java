package io.reembed.store.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.reembed.store.CollectionNotFoundException;
import io.reembed.store.CollectionSpec;
import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.TransientVectorStoreException;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreException;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.Assert;

/**
 * The embedded vector store: one Lucene index with HNSW vectors per collection, on local disk.
 * <p>
 * Each collection lives in {@code <root>/<collection>}: the index in {@code index/}, the write-ahead log of points
 * not yet committed in {@code log/}, and the collection's spec in {@code collection.properties}, written last, so
 * that a collection exists exactly when that file does. Upserts and deletes from many threads share one writer per
 * collection and return once the log holds them durably; fsyncs are shared between concurrent writes. In the
 * writing process, searches, counts and id scans see every acknowledged write; another process sees the last
 * commit.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LuceneVectorStore.class);

	private static final String INDEX_DIR = "index";

	private static final String LOG_DIR = "log";

	private final Path root;

	private final LuceneIndexOptions options;

	private final ConcurrentMap<String, CollectionIndex> indexes = new ConcurrentHashMap<>();

	/** Serializes creating, opening, deleting and closing collections; upserts and reads never take it. */
	private final Object lifecycleMonitor = new Object();

	private volatile boolean closed;

	/**
	 * A store over the given directory, created when missing.
	 * @param root directory that holds one subdirectory per collection
	 */
	public LuceneVectorStore(Path root) {
		this(root, LuceneIndexOptions.DEFAULTS);
	}

	/**
	 * A store over the given directory, created when missing.
	 * @param root directory that holds one subdirectory per collection
	 * @param options how indexes are built
	 */
	public LuceneVectorStore(Path root, LuceneIndexOptions options) {
		Assert.notNull(root, "root must not be null");
		Assert.notNull(options, "options must not be null");
		this.root = root.toAbsolutePath();
		this.options = options;
		try {
			Files.createDirectories(this.root);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot create the Lucene store directory " + this.root, ex);
		}
	}

	@Override
	public void ensureCollection(CollectionSpec spec) {
		Assert.notNull(spec, "spec must not be null");
		synchronized (this.lifecycleMonitor) {
			ensureOpen();
			Assert.isTrue(!aliases().containsKey(spec.name()),
					() -> "collection '" + spec.name() + "' must not have the name of an alias");
			Optional<CollectionSpec> existing = describe(spec.name());
			if (existing.isPresent()) {
				checkCompatible(existing.get(), spec);
				return;
			}
			Path collectionDir = collectionDir(spec.name());
			try {
				// A directory without a spec file is what an interrupted create or delete leaves behind.
				if (Files.exists(collectionDir)) {
					IOUtils.rm(collectionDir);
				}
				Files.createDirectories(collectionDir);
				CollectionIndex.create(collectionDir.resolve(INDEX_DIR));
				CollectionSpecFile.write(collectionDir, spec);
			}
			catch (IOException ex) {
				throw new VectorStoreException("Cannot create collection '" + spec.name() + "'", ex);
			}
			logger.info("Created Lucene collection {} with {} dimensions and vector types {}", spec.name(),
					spec.dimensions(), spec.vectorTypes());
		}
	}

	@Override
	public Optional<CollectionSpec> describe(String collection) {
		Path collectionDir = collectionDir(collection);
		CollectionIndex index = this.indexes.get(collection);
		if (index != null) {
			return Optional.of(index.spec());
		}
		try {
			return CollectionSpecFile.read(collectionDir);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot read the spec of collection '" + collection + "'", ex);
		}
	}

	@Override
	public void upsert(String collection, List<VectorPoint> points) {
		Assert.notNull(points, "points must not be null");
		CollectionIndex index = index(collection);
		validate(index.spec(), points);
		if (points.isEmpty()) {
			return;
		}
		try {
			index.upsert(points);
		}
		catch (CorruptIndexException ex) {
			throw new VectorStoreException("Collection '" + collection + "' is corrupt", ex);
		}
		catch (IOException | AlreadyClosedException ex) {
			// The writer reopens from the last commit and the log on the next attempt; upserts are idempotent, so a
			// retry converges on the same points.
			throw new TransientVectorStoreException("Cannot write to collection '" + collection + "'", ex);
		}
	}

	@Override
	public void delete(String collection, Collection<UUID> pointIds) {
		Assert.notNull(pointIds, "pointIds must not be null");
		Assert.noNullElements(pointIds, "pointIds must not contain null");
		CollectionIndex index = index(collection);
		if (pointIds.isEmpty()) {
			return;
		}
		try {
			index.delete(Set.copyOf(pointIds));
		}
		catch (CorruptIndexException ex) {
			throw new VectorStoreException("Collection '" + collection + "' is corrupt", ex);
		}
		catch (IOException | AlreadyClosedException ex) {
			// As for an upsert: deleting the same ids again converges on the same points.
			throw new TransientVectorStoreException("Cannot delete points of collection '" + collection + "'", ex);
		}
	}

	/** Commits the points the collection's log holds, as a checkpoint does when the log has grown. */
	@Override
	public void commit(String collection) {
		CollectionIndex index = index(collection);
		try {
			index.commit();
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot commit collection '" + collection + "'", ex);
		}
	}

	@Override
	public void switchAlias(String alias, String collection) {
		Assert.hasText(alias, "alias must not be empty");
		collectionDir(alias);
		synchronized (this.lifecycleMonitor) {
			ensureOpen();
			if (describe(collection).isEmpty()) {
				throw new CollectionNotFoundException(collection);
			}
			Assert.isTrue(!Files.exists(collectionDir(alias)),
					() -> "alias '" + alias + "' must not be the name of a collection");
			updateAliases((aliases) -> aliases.put(alias, collection));
		}
		logger.info("Alias {} now points to collection {}", alias, collection);
	}

	@Override
	public Optional<String> aliasTarget(String alias) {
		Assert.hasText(alias, "alias must not be empty");
		return Optional.ofNullable(aliases().get(alias));
	}

	@Override
	public void deleteAlias(String alias) {
		Assert.hasText(alias, "alias must not be empty");
		synchronized (this.lifecycleMonitor) {
			ensureOpen();
			updateAliases((aliases) -> aliases.remove(alias));
		}
	}

	@Override
	public Map<String, String> aliases() {
		try {
			return Collections.unmodifiableMap(AliasFile.read(this.root));
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot read the aliases of " + this.root, ex);
		}
	}

	@Override
	public Set<String> collections() {
		try (Stream<Path> directories = Files.list(this.root)) {
			Set<String> names = new TreeSet<>();
			directories.filter(Files::isDirectory)
				.map((directory) -> directory.getFileName().toString())
				.filter((name) -> describe(name).isPresent())
				.forEach(names::add);
			return Collections.unmodifiableSet(names);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot list the collections of " + this.root, ex);
		}
	}

	@Override
	public List<SearchHit> search(String collection, SearchRequest request) {
		Assert.notNull(request, "request must not be null");
		CollectionIndex index = index(resolve(collection));
		CollectionSpec spec = index.spec();
		checkVector(spec, request.vectorType(), request.vector());
		try {
			return index.search(request);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot search collection '" + collection + "'", ex);
		}
	}

	@Override
	public long count(String collection, String clientId) {
		Assert.hasText(clientId, "clientId must not be empty");
		CollectionIndex index = index(resolve(collection));
		try {
			return index.count(clientId);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot count points of collection '" + collection + "'", ex);
		}
	}

	@Override
	public Set<UUID> pointIds(String collection, String clientId) {
		Assert.hasText(clientId, "clientId must not be empty");
		CollectionIndex index = index(resolve(collection));
		try {
			return index.pointIds(clientId);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot read point ids of collection '" + collection + "'", ex);
		}
	}

	@Override
	public void deleteCollection(String collection) {
		Path collectionDir = collectionDir(collection);
		synchronized (this.lifecycleMonitor) {
			ensureOpen();
			List<String> servingAliases = aliases().entrySet()
				.stream()
				.filter((alias) -> alias.getValue().equals(collection))
				.map(Map.Entry::getKey)
				.toList();
			if (!servingAliases.isEmpty()) {
				throw new IllegalStateException(
						"Collection '" + collection + "' is served by alias " + String.join(", ", servingAliases));
			}
			try {
				CollectionIndex index = this.indexes.remove(collection);
				if (index != null) {
					index.close();
				}
				if (!Files.exists(collectionDir)) {
					return;
				}
				// The spec file goes first: from then on the collection no longer exists, even if the rest of the
				// removal is interrupted.
				CollectionSpecFile.delete(collectionDir);
				IOUtils.rm(collectionDir);
			}
			catch (IOException ex) {
				throw new VectorStoreException("Cannot delete collection '" + collection + "'", ex);
			}
			logger.info("Deleted Lucene collection {}", collection);
		}
	}

	/** Closes every index, committing the points its log holds. */
	@Override
	public void close() throws IOException {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			List<CollectionIndex> open = new ArrayList<>(this.indexes.values());
			this.indexes.clear();
			IOUtils.close(open);
		}
	}

	/** The collection a name stands for: the name itself, unless it is an alias. */
	private String resolve(String name) {
		if (this.indexes.containsKey(name)) {
			return name;
		}
		return aliasTarget(name).orElse(name);
	}

	/** Rewrites the alias file with a change; the caller holds the lifecycle monitor. */
	private void updateAliases(Consumer<Map<String, String>> change) {
		try {
			Map<String, String> aliases = AliasFile.read(this.root);
			change.accept(aliases);
			AliasFile.write(this.root, aliases);
		}
		catch (IOException ex) {
			throw new VectorStoreException("Cannot write the aliases of " + this.root, ex);
		}
	}

	private CollectionIndex index(String collection) {
		Path collectionDir = collectionDir(collection);
		CollectionIndex index = this.indexes.get(collection);
		if (index != null) {
			return index;
		}
		synchronized (this.lifecycleMonitor) {
			ensureOpen();
			index = this.indexes.get(collection);
			if (index == null) {
				CollectionSpec spec = describe(collection).orElseThrow(() -> new CollectionNotFoundException(collection));
				try {
					index = CollectionIndex.open(collectionDir.resolve(INDEX_DIR), collectionDir.resolve(LOG_DIR), spec,
							this.options);
				}
				catch (IOException ex) {
					throw new VectorStoreException("Cannot open collection '" + collection + "'", ex);
				}
				this.indexes.put(collection, index);
			}
			return index;
		}
	}

	private Path collectionDir(String collection) {
		Assert.notNull(collection, "collection must not be null");
		// The name becomes a directory: anything but these characters could reach outside the root.
		Assert.isTrue(collection.matches("[A-Za-z0-9_-]+"),
				() -> "collection name '" + collection + "' must use letters, digits, '-' or '_'");
		return this.root.resolve(collection);
	}

	private void ensureOpen() {
		if (this.closed) {
			throw new IllegalStateException("Lucene vector store is closed");
		}
	}

	private static void checkCompatible(CollectionSpec existing, CollectionSpec requested) {
		String name = existing.name();
		if (existing.dimensions() != requested.dimensions()) {
			throw new IncompatibleCollectionException("Collection '" + name + "' holds " + existing.dimensions()
					+ "-dimensional vectors, not " + requested.dimensions());
		}
		if (!existing.modelFingerprint().equals(requested.modelFingerprint())) {
			throw new IncompatibleCollectionException("Collection '" + name + "' holds vectors of model '"
					+ existing.modelFingerprint() + "', not '" + requested.modelFingerprint() + "'");
		}
		if (!existing.vectorTypes().containsAll(requested.vectorTypes())) {
			throw new IncompatibleCollectionException("Collection '" + name + "' has vector types "
					+ existing.vectorTypes() + ", not " + requested.vectorTypes());
		}
	}

	/** Rejects the whole batch before anything is written, so a bad point never leaves half a batch behind. */
	private static void validate(CollectionSpec spec, List<VectorPoint> points) {
		for (VectorPoint point : points) {
			Assert.notNull(point, "points must not contain null");
			for (Map.Entry<String, float[]> entry : point.vectors().entrySet()) {
				checkVector(spec, entry.getKey(), entry.getValue());
			}
		}
		spec.requireModelOf(points);
	}

	private static void checkVector(CollectionSpec spec, String vectorType, float[] vector) {
		if (!spec.vectorTypes().contains(vectorType)) {
			throw new IncompatibleCollectionException("Collection '" + spec.name() + "' has no vector type '"
					+ vectorType + "'; it has " + spec.vectorTypes());
		}
		if (vector.length != spec.dimensions()) {
			throw new IncompatibleCollectionException("Collection '" + spec.name() + "' holds " + spec.dimensions()
					+ "-dimensional vectors, not " + vector.length + " (vector type '" + vectorType + "')");
		}
		for (float value : vector) {
			if (!Float.isFinite(value)) {
				throw new VectorStoreException(
						"Vector of type '" + vectorType + "' has a non-finite value; cosine similarity needs finite ones");
			}
		}
		// Computed as Lucene does when it normalizes the vector, so that normalizing cannot fail later on.
		float squaredLength = VectorUtil.dotProduct(vector, vector);
		if (!(squaredLength > 0) || !Float.isFinite(squaredLength)) {
			throw new VectorStoreException("Vector of type '" + vectorType
					+ "' has a zero or overflowing length; cosine similarity is undefined for it");
		}
	}

}
