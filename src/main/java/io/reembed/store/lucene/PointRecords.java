package io.reembed.store.lucene;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.reembed.store.VectorPoint;

/**
 * The write-ahead log's record of one upsert: the points exactly as they were indexed, so that replaying a record
 * writes the same documents again (for a partial upsert, the vectors it kept are part of the record).
 * <p>
 * Payload values keep the types the index keeps: strings, longs, doubles and booleans; anything else is written
 * as its string form, as the index does.
 */
final class PointRecords {

	private static final byte STRING = 1;

	private static final byte LONG = 2;

	private static final byte DOUBLE = 3;

	private static final byte BOOLEAN = 4;

	private PointRecords() {
	}

	static byte[] encode(List<VectorPoint> points) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimatedSize(points));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(points.size());
			for (VectorPoint point : points) {
				out.writeLong(point.id().getMostSignificantBits());
				out.writeLong(point.id().getLeastSignificantBits());
				writeString(out, point.clientId());
				out.writeInt(point.vectors().size());
				for (Map.Entry<String, float[]> vector : point.vectors().entrySet()) {
					writeString(out, vector.getKey());
					float[] values = vector.getValue();
					out.writeInt(values.length);
					for (float value : values) {
						out.writeFloat(value);
					}
				}
				out.writeInt(point.payload().size());
				for (Map.Entry<String, Object> entry : point.payload().entrySet()) {
					writeString(out, entry.getKey());
					writeValue(out, entry.getValue());
				}
			}
		}
		catch (IOException ex) {
			// Writing to memory does not fail.
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static List<VectorPoint> decode(ByteBuffer record) {
		int count = record.getInt();
		List<VectorPoint> points = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			UUID id = new UUID(record.getLong(), record.getLong());
			String clientId = readString(record);
			int vectorCount = record.getInt();
			Map<String, float[]> vectors = new LinkedHashMap<>();
			for (int v = 0; v < vectorCount; v++) {
				String vectorType = readString(record);
				float[] values = new float[record.getInt()];
				record.asFloatBuffer().get(values);
				record.position(record.position() + values.length * Float.BYTES);
				vectors.put(vectorType, values);
			}
			int payloadCount = record.getInt();
			Map<String, Object> payload = new LinkedHashMap<>();
			for (int p = 0; p < payloadCount; p++) {
				String key = readString(record);
				payload.put(key, readValue(record));
			}
			points.add(new VectorPoint(id, clientId, vectors, payload));
		}
		return points;
	}

	private static int estimatedSize(List<VectorPoint> points) {
		int size = Integer.BYTES;
		for (VectorPoint point : points) {
			for (float[] vector : point.vectors().values()) {
				size += 64 + vector.length * Float.BYTES;
			}
			size += 64 + 64 * point.payload().size();
		}
		return size;
	}

	private static void writeValue(DataOutputStream out, Object value) throws IOException {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			out.writeByte(LONG);
			out.writeLong(((Number) value).longValue());
		}
		else if (value instanceof Double || value instanceof Float) {
			out.writeByte(DOUBLE);
			out.writeDouble(((Number) value).doubleValue());
		}
		else if (value instanceof Boolean flag) {
			out.writeByte(BOOLEAN);
			out.writeBoolean(flag);
		}
		else {
			out.writeByte(STRING);
			writeString(out, value.toString());
		}
	}

	private static Object readValue(ByteBuffer record) {
		byte type = record.get();
		return switch (type) {
			case LONG -> record.getLong();
			case DOUBLE -> record.getDouble();
			case BOOLEAN -> record.get() != 0;
			case STRING -> readString(record);
			default -> throw new IllegalStateException("Unknown payload value type " + type + " in a log record");
		};
	}

	/** Length-prefixed UTF-8: unlike {@code writeUTF}, not limited to 64 KiB. */
	private static void writeString(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private static String readString(ByteBuffer record) {
		byte[] utf8 = new byte[record.getInt()];
		record.get(utf8);
		return new String(utf8, StandardCharsets.UTF_8);
	}

}
