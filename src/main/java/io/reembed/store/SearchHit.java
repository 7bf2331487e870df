package io.reembed.store;

import java.util.Map;
import java.util.UUID;

/**
 * One search result.
 *
 * @param id point id
 * @param score cosine similarity to the query, higher is closer
 * @param payload the point's payload
 */
public record SearchHit(UUID id, float score, Map<String, Object> payload) {
}
