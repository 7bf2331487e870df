package io.reembed.store;

/**
 * Payload keys every adapter writes and reads the same way.
 */
public final class PayloadKeys {

	/** The tenant; indexed as a keyword tenant key. */
	public static final String CLIENT_ID = "client_id";

	/** The source table. */
	public static final String TABLE = "table";

	/** The source row's primary key, as text. */
	public static final String RECORD_ID = "record_id";

	/** Fingerprint of the model that produced the vectors. */
	public static final String MODEL = "model";

	/** When the point was last embedded, ISO-8601. */
	public static final String EMBEDDED_AT = "embedded_at";

	/** Prefix of the content hash of each vector type: {@code content_hash.content}. */
	public static final String CONTENT_HASH_PREFIX = "content_hash.";

	private PayloadKeys() {
	}

	public static String contentHash(String vectorType) {
		return CONTENT_HASH_PREFIX + vectorType;
	}

}
