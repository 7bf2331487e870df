package io.reembed.orchestrator;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which jobs to list; an absent criterion matches every job.
 *
 * @param state jobs in this state only
 * @param clientId jobs of this client only
 * @param table jobs of this table only
 * @param clientIds jobs of these clients only, e.g. the ones the caller may read; {@code null} for every client
 * @param limit most jobs listed, newest first
 */
public record JobFilter(@Nullable JobState state, @Nullable String clientId, @Nullable String table,
		@Nullable Set<String> clientIds, int limit) {

	/** Most jobs one listing returns. */
	public static final int MAX_LIMIT = 1000;

	public JobFilter {
		Assert.isTrue(limit > 0 && limit <= MAX_LIMIT, () -> "limit must be between 1 and " + MAX_LIMIT);
		clientIds = (clientIds != null) ? Collections.unmodifiableSet(new TreeSet<>(clientIds)) : null;
	}

	/** Jobs of every client. */
	public JobFilter(@Nullable JobState state, @Nullable String clientId, @Nullable String table, int limit) {
		this(state, clientId, table, null, limit);
	}

}
