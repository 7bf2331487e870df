package io.reembed.store;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Locks on point ids, taken a batch at a time and all at once, so that two batches can never wait for each other
 * in a cycle. Batches of different points, such as those of different partitions, never wait at all. A store
 * that writes a point's vector types separately reads the ones it keeps and writes them back under these locks.
 */
public final class PointLocks {

	/** Guarded by this. */
	private final Set<UUID> held = new HashSet<>();

	/** Waits until no other batch holds any of the ids, then holds them all. */
	public synchronized void lock(Set<UUID> ids) throws InterruptedException {
		while (!Collections.disjoint(this.held, ids)) {
			wait();
		}
		this.held.addAll(ids);
	}

	public synchronized void unlock(Collection<UUID> ids) {
		this.held.removeAll(ids);
		notifyAll();
	}

}
