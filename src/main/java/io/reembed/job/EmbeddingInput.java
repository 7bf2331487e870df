package io.reembed.job;

import java.util.Map;
import java.util.UUID;

/**
 * A row made ready to embed.
 *
 * @param recordId the row's primary key as text
 * @param pointId the deterministic id of its point
 * @param text what the model embeds, already within its token limit
 * @param contentHash SHA-256 of the model fingerprint and the text
 * @param payload values copied onto the point
 */
public record EmbeddingInput(String recordId, UUID pointId, String text, String contentHash,
		Map<String, Object> payload) {
}
