package io.reembed.store.lucene;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ids of points written since the searchers were last refreshed, which those searchers may show in an older
 * version. Past {@link #LIMIT} ids it stops counting and answers that any point may be unseen.
 */
final class UnseenPoints {

	static final int LIMIT = 100_000;

	private final AtomicReference<Set<UUID>> ids = new AtomicReference<>(ConcurrentHashMap.newKeySet());

	private volatile boolean overflowed;

	/** Records points whose documents have been added to or deleted from the writer. */
	void add(Collection<UUID> written) {
		Set<UUID> current = this.ids.get();
		current.addAll(written);
		if (current.size() > LIMIT) {
			this.overflowed = true;
			this.ids.compareAndSet(current, ConcurrentHashMap.newKeySet());
		}
	}

	/**
	 * Whether a refresh is needed before reading any of the ids. When it is, starts counting afresh: the caller
	 * refreshes right after, and so sees every point recorded so far, whose documents were added before.
	 */
	boolean refreshNeededFor(Set<UUID> wanted) {
		Set<UUID> current = this.ids.get();
		if (!this.overflowed && wanted.stream().noneMatch(current::contains)) {
			return false;
		}
		this.overflowed = false;
		this.ids.set(ConcurrentHashMap.newKeySet());
		return true;
	}

}
