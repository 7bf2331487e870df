package io.reembed.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.reembed.store.CollectionSpec;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.TransientVectorStoreException;
import io.reembed.store.VectorPoint;
import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a real store and fails chosen upserts, as a store that rejects a write would.
 */
public final class FaultInjectingVectorStore implements VectorStore, AutoCloseable {

	private final VectorStore delegate;

	private final AtomicInteger upserts = new AtomicInteger();

	private volatile int failingUpsert = -1;

	private final AtomicInteger transientFailures = new AtomicInteger();

	private final AtomicReference<Map.@Nullable Entry<String, Runnable>> beforeUpsert = new AtomicReference<>();

	public FaultInjectingVectorStore(VectorStore delegate) {
		this.delegate = delegate;
	}

	/** The n-th upsert from now on (1-based) fails with a non-transient store error. */
	public void failUpsertNumber(int n) {
		this.upserts.set(0);
		this.failingUpsert = n;
	}

	/** The next n upserts fail as an overloaded store does, with an error worth retrying. */
	public void failTransiently(int n) {
		this.transientFailures.set(n);
	}

	/**
	 * Runs the action once, in the writing thread, before the first upsert into the collection from now on: a way
	 * to change the source table while a job is midway.
	 */
	public void beforeFirstUpsertInto(String collection, Runnable action) {
		this.beforeUpsert.set(Map.entry(collection, action));
	}

	public void heal() {
		this.failingUpsert = -1;
		this.transientFailures.set(0);
		this.beforeUpsert.set(null);
	}

	public int upserts() {
		return this.upserts.get();
	}

	@Override
	public void ensureCollection(CollectionSpec spec) {
		this.delegate.ensureCollection(spec);
	}

	@Override
	public Optional<CollectionSpec> describe(String collection) {
		return this.delegate.describe(collection);
	}

	@Override
	public void upsert(String collection, List<VectorPoint> points) {
		Map.Entry<String, Runnable> hook = this.beforeUpsert.get();
		if (hook != null && hook.getKey().equals(collection) && this.beforeUpsert.compareAndSet(hook, null)) {
			hook.getValue().run();
		}
		if (this.transientFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw new TransientVectorStoreException("Injected transient failure of collection '" + collection + "'",
					new java.io.IOException("connection reset"));
		}
		if (this.upserts.incrementAndGet() == this.failingUpsert) {
			throw new VectorStoreException("Injected failure: the store rejected a write of " + points.size()
					+ " points to collection '" + collection + "'");
		}
		this.delegate.upsert(collection, points);
	}

	@Override
	public void delete(String collection, Collection<UUID> pointIds) {
		this.delegate.delete(collection, pointIds);
	}

	@Override
	public void switchAlias(String alias, String collection) {
		this.delegate.switchAlias(alias, collection);
	}

	@Override
	public Optional<String> aliasTarget(String alias) {
		return this.delegate.aliasTarget(alias);
	}

	@Override
	public void deleteAlias(String alias) {
		this.delegate.deleteAlias(alias);
	}

	@Override
	public Map<String, String> aliases() {
		return this.delegate.aliases();
	}

	@Override
	public Set<String> collections() {
		return this.delegate.collections();
	}

	@Override
	public List<SearchHit> search(String collection, SearchRequest request) {
		return this.delegate.search(collection, request);
	}

	@Override
	public long count(String collection, String clientId) {
		return this.delegate.count(collection, clientId);
	}

	@Override
	public Set<UUID> pointIds(String collection, String clientId) {
		return this.delegate.pointIds(collection, clientId);
	}

	@Override
	public void deleteCollection(String collection) {
		this.delegate.deleteCollection(collection);
	}

	@Override
	public void close() throws Exception {
		if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

}
