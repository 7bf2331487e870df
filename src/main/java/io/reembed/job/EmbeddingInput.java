package io.reembed.job;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A row made ready to embed.
 *
 * @param recordId the row's primary key as text
 * @param pointId the deterministic id of its point
 * @param text what the model embeds, already within its token limit
 * @param contentHash SHA-256 of the model fingerprint and the text
 * @param payload values copied onto the point
 * @param dualWrite the same row made ready for the model of a re-embed running meanwhile, whose collection is
 * written too
 */
public record EmbeddingInput(String recordId, UUID pointId, String text, String contentHash,
		Map<String, Object> payload, @Nullable EmbeddingInput dualWrite) {
}
