package io.reembed.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * How an entry's hash is made: the SHA-256 (of UTF-8) of a version tag followed by the entry's id, time (ISO-8601
 * in UTC), actor, action, client, table, job id, details and the previous entry's hash, each as {@code |}, its
 * length in UTF-16 code units, {@code :} and its value, or as {@code |-} when it is absent. The lengths keep one
 * field's end from passing for the next one's start; the id and the previous hash tie the entry to its place.
 */
public final class AuditChain {

	/** What the first entry links to. */
	public static final String GENESIS = "0".repeat(64);

	private static final String VERSION = "reembed-audit-1";

	private AuditChain() {
	}

	public static String hash(long id, Instant recordedAt, AuditEvent event, String previousHash) {
		return hash(id, recordedAt, event.actor(), event.action().name(), event.clientId(), event.table(),
				event.jobId(), event.details(), previousHash);
	}

	/** The hash of an entry as its row holds it, whose action may be one no longer known. */
	static String hash(long id, Instant recordedAt, String actor, String action, @Nullable String clientId,
			@Nullable String table, @Nullable String jobId, @Nullable String details, String previousHash) {
		StringBuilder content = new StringBuilder(VERSION);
		append(content, Long.toString(id));
		append(content, recordedAt.toString());
		append(content, actor);
		append(content, action);
		append(content, clientId);
		append(content, table);
		append(content, jobId);
		append(content, details);
		append(content, previousHash);
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(content.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	private static void append(StringBuilder content, @Nullable String field) {
		content.append('|');
		if (field == null) {
			content.append('-');
		}
		else {
			content.append(field.length()).append(':').append(field);
		}
	}

}
