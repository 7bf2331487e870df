package io.reembed.store.lucene;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.reembed.store.PayloadKeys;
import io.reembed.store.SearchHit;
import io.reembed.store.VectorStoreException;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * How a point is laid out as a Lucene document, and read back.
 * <p>
 * Fields: {@code id} (keyword, stored, and binary doc values for cheap id scans), {@code client_id} (keyword, the
 * tenant filter), {@code vector.<type>} (HNSW-indexed), {@code stored_vector.<type>} (the same vector as raw
 * bytes, so that a partial upsert can carry over the vectors it does not replace) and {@code payload.<key>}
 * (stored only).
 */
final class PointDocuments {

	static final String ID_FIELD = "id";

	static final String CLIENT_ID_FIELD = PayloadKeys.CLIENT_ID;

	static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.COSINE;

	private static final String VECTOR_PREFIX = "vector.";

	private static final String STORED_VECTOR_PREFIX = "stored_vector.";

	private static final String PAYLOAD_PREFIX = "payload.";

	private PointDocuments() {
	}

	static String vectorField(String vectorType) {
		return VECTOR_PREFIX + vectorType;
	}

	static Term idTerm(UUID id) {
		return new Term(ID_FIELD, id.toString());
	}

	static Term clientIdTerm(String clientId) {
		return new Term(CLIENT_ID_FIELD, clientId);
	}

	static Document toDocument(UUID id, String clientId, Map<String, float[]> vectors, Map<String, Object> payload) {
		Document document = new Document();
		document.add(new StringField(ID_FIELD, id.toString(), Field.Store.YES));
		document.add(new BinaryDocValuesField(ID_FIELD, new BytesRef(uuidBytes(id))));
		document.add(new StringField(CLIENT_ID_FIELD, clientId, Field.Store.NO));
		payload.forEach((key, value) -> {
			if (!CLIENT_ID_FIELD.equals(key)) {
				document.add(payloadField(PAYLOAD_PREFIX + key, value));
			}
		});
		// The tenant is always part of the payload, as every adapter returns it, whatever the caller put there.
		document.add(new StoredField(PAYLOAD_PREFIX + CLIENT_ID_FIELD, clientId));
		vectors.forEach((vectorType, vector) -> {
			document.add(new KnnFloatVectorField(vectorField(vectorType), vector, SIMILARITY));
			document.add(new StoredField(STORED_VECTOR_PREFIX + vectorType, encode(vector)));
		});
		return document;
	}

	/** The raw vectors of the given types that the document holds; types it lacks are left out. */
	static Map<String, float[]> storedVectors(StoredFields storedFields, int doc, Collection<String> vectorTypes)
			throws IOException {
		Map<String, float[]> vectors = new HashMap<>();
		storedFields.document(doc, new StoredFieldVisitor() {

			@Override
			public Status needsField(FieldInfo fieldInfo) {
				return (fieldInfo.name.startsWith(STORED_VECTOR_PREFIX)
						&& vectorTypes.contains(fieldInfo.name.substring(STORED_VECTOR_PREFIX.length())))
								? Status.YES : Status.NO;
			}

			@Override
			public void binaryField(FieldInfo fieldInfo, byte[] value) {
				vectors.put(fieldInfo.name.substring(STORED_VECTOR_PREFIX.length()), decode(value));
			}

		});
		return vectors;
	}

	static SearchHit toHit(StoredFields storedFields, int doc, float score) throws IOException {
		HitVisitor visitor = new HitVisitor();
		storedFields.document(doc, visitor);
		if (visitor.id == null) {
			throw new VectorStoreException("Document " + doc + " has no stored id");
		}
		return new SearchHit(visitor.id, score, visitor.payload);
	}

	static UUID uuid(BytesRef bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length);
		return new UUID(buffer.getLong(), buffer.getLong());
	}

	private static byte[] uuidBytes(UUID id) {
		return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
			.array();
	}

	/**
	 * Stored fields keep the Java type they were written with, which preserves strings, longs and doubles. No
	 * payload is ever written as an int, so an int stands for a boolean.
	 */
	private static StoredField payloadField(String name, Object value) {
		if (value instanceof String text) {
			return new StoredField(name, text);
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return new StoredField(name, ((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			return new StoredField(name, ((Number) value).doubleValue());
		}
		if (value instanceof Boolean flag) {
			return new StoredField(name, flag ? 1 : 0);
		}
		return new StoredField(name, value.toString());
	}

	private static byte[] encode(float[] vector) {
		ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asFloatBuffer().put(vector);
		return buffer.array();
	}

	private static float[] decode(byte[] bytes) {
		float[] vector = new float[bytes.length / Float.BYTES];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
		return vector;
	}

	private static final class HitVisitor extends StoredFieldVisitor {

		private @Nullable UUID id;

		private final Map<String, Object> payload = new LinkedHashMap<>();

		@Override
		public Status needsField(FieldInfo fieldInfo) {
			return (fieldInfo.name.equals(ID_FIELD) || fieldInfo.name.startsWith(PAYLOAD_PREFIX)) ? Status.YES
					: Status.NO;
		}

		@Override
		public void stringField(FieldInfo fieldInfo, String value) {
			if (fieldInfo.name.equals(ID_FIELD)) {
				this.id = UUID.fromString(value);
			}
			else {
				put(fieldInfo, value);
			}
		}

		@Override
		public void longField(FieldInfo fieldInfo, long value) {
			put(fieldInfo, value);
		}

		@Override
		public void doubleField(FieldInfo fieldInfo, double value) {
			put(fieldInfo, value);
		}

		@Override
		public void intField(FieldInfo fieldInfo, int value) {
			put(fieldInfo, value != 0);
		}

		private void put(FieldInfo fieldInfo, Object value) {
			this.payload.put(fieldInfo.name.substring(PAYLOAD_PREFIX.length()), value);
		}

	}

}
