package io.reembed.store;

import org.springframework.util.Assert;

/**
 * A nearest-neighbour search, always within one tenant.
 *
 * @param vectorType named vector to search
 * @param clientId tenant whose points may be returned
 * @param vector query vector, of the collection's dimensions
 * @param limit most hits to return
 */
public record SearchRequest(String vectorType, String clientId, float[] vector, int limit) {

	public SearchRequest {
		Assert.hasText(vectorType, "vectorType must not be empty");
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.isTrue(limit > 0, "limit must be positive");
	}

}
