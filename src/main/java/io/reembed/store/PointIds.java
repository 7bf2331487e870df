package io.reembed.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic point ids, so that retries, chunk scans and restarts converge on the same points.
 */
public final class PointIds {

	private PointIds() {
	}

	/** A name-based UUID of the client, the table and the record id. */
	public static UUID of(String clientId, String table, String recordId) {
		String name = clientId.length() + ":" + clientId + "|" + table.length() + ":" + table + "|" + recordId;
		return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
	}

}
