package io.reembed.store;

import java.util.Map;
import java.util.UUID;

import org.springframework.util.Assert;

/**
 * One point: a source row's vectors, by vector type, and its payload.
 *
 * @param id deterministic id from client, table and record id (see {@link PointIds})
 * @param clientId tenant that owns the point; every search is filtered by it
 * @param vectors named vectors to write; named vectors of the point not given here are kept
 * @param payload values kept with the point: strings, longs, doubles or booleans
 */
public record VectorPoint(UUID id, String clientId, Map<String, float[]> vectors, Map<String, Object> payload) {

	public VectorPoint {
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.notEmpty(vectors, "vectors must not be empty");
		vectors = Map.copyOf(vectors);
		payload = Map.copyOf(payload);
	}

}
