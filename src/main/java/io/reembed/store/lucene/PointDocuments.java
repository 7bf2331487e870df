package io.reembed.store.lucene;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
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
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;
import org.jspecify.annotations.Nullable;

/**
 * How a point is laid out as a Lucene document, and read back.
 * <p>
 * Fields: {@code id} (keyword, stored, and binary doc values for cheap id scans), {@code client_id} (keyword, the
 * tenant filter), {@code vector.<type>} (HNSW-indexed, unit length) and {@code payload.<key>} (stored only).
 * <p>
 * Vectors are normalized before indexing and compared by dot product, which ranks and scores exactly like cosine
 * similarity (Qdrant does the same for its cosine distance) at half the cost of Lucene's cosine, whose comparisons
 * dominate indexing time. The indexed vectors are also what a partial upsert carries over: only their direction
 * matters to a cosine search, so no second, raw copy is stored.
 */
final class PointDocuments {

	static final String ID_FIELD = "id";

	static final String CLIENT_ID_FIELD = PayloadKeys.CLIENT_ID;

	private static final String VECTOR_PREFIX = "vector.";

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
		vectors.forEach((vectorType, vector) -> document.add(new KnnFloatVectorField(vectorField(vectorType),
				VectorUtil.l2normalize(vector.clone()), VectorSimilarityFunction.DOT_PRODUCT)));
		return document;
	}

	/** The query vector as indexed vectors are: of unit length. */
	static float[] queryVector(float[] vector) {
		return VectorUtil.l2normalize(vector.clone());
	}

	/**
	 * Lucene scores a dot product of unit vectors as {@code (1 + cos) / 2} to keep scores positive; callers
	 * compare cosine similarities.
	 */
	static float cosine(float score) {
		return 2 * score - 1;
	}

	/** The indexed vectors of the given types that the document holds; types it lacks are left out. */
	static Map<String, float[]> vectors(LeafReader reader, int doc, Collection<String> vectorTypes)
			throws IOException {
		Map<String, float[]> vectors = new HashMap<>();
		for (String vectorType : vectorTypes) {
			FloatVectorValues values = reader.getFloatVectorValues(vectorField(vectorType));
			if (values != null && values.advance(doc) == doc) {
				// The reader reuses the array for the next vector it reads.
				vectors.put(vectorType, values.vectorValue().clone());
			}
		}
		return vectors;
	}

	static SearchHit toHit(StoredFields storedFields, int doc, float score) throws IOException {
		HitVisitor visitor = new HitVisitor();
		storedFields.document(doc, visitor);
		if (visitor.id == null) {
			throw new VectorStoreException("Document " + doc + " has no stored id");
		}
		return new SearchHit(visitor.id, score, Collections.unmodifiableMap(visitor.payload));
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
