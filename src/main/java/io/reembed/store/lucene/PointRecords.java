package io.reembed.store.lucene;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.reembed.store.VectorPoint;

/**
 * The write-ahead log's record of one write. An upsert's record holds the points exactly as they were indexed, so
 * that replaying it writes the same documents again (for a partial upsert, the vectors it kept are part of the
 * record); a delete's record holds the ids of the points it deleted.
 * <p>
 * A record starts with its format version, negated, then its kind. The first format knew only upserts and started
 * right away with the point count, which is never negative: a log written before deletes existed still replays.
 * <p>
 * Payload values keep the types the index keeps: strings, longs, doubles and booleans; anything else is written
 * as its string form, as the index does.
 */
final class PointRecords {

	/** Negated, so that it cannot be mistaken for the point count that a record of the first format starts with. */
	private static final int FORMAT_2 = -2;

	private static final byte UPSERT = 1;

	private static final byte DELETE = 2;

	private static final byte STRING = 1;

	private static final byte LONG = 2;

	private static final byte DOUBLE = 3;

	private static final byte BOOLEAN = 4;

	private PointRecords() {
	}

	static byte[] encodeUpsert(List<VectorPoint> points) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimatedSize(points));
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(FORMAT_2);
			out.writeByte(UPSERT);
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

	static byte[] encodeDelete(Collection<UUID> ids) {
		ByteBuffer record = ByteBuffer.allocate(Integer.BYTES + 1 + Integer.BYTES + ids.size() * 2 * Long.BYTES);
		record.putInt(FORMAT_2).put(DELETE).putInt(ids.size());
		for (UUID id : ids) {
			record.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
		}
		return record.array();
	}

	static LoggedWrite decode(ByteBuffer record) {
		int start = record.getInt();
		if (start >= 0) {
			return new Upsert(decodePoints(start, record));
		}
		if (start != FORMAT_2) {
			throw new IllegalStateException("Unknown log record format " + -start + "; a newer version wrote it");
		}
		byte kind = record.get();
		return switch (kind) {
			case UPSERT -> new Upsert(decodePoints(record.getInt(), record));
			case DELETE -> new Delete(decodeIds(record));
			default -> throw new IllegalStateException("Unknown log record kind " + kind);
		};
	}

	private static List<VectorPoint> decodePoints(int count, ByteBuffer record) {
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

	private static List<UUID> decodeIds(ByteBuffer record) {
		int count = record.getInt();
		List<UUID> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(new UUID(record.getLong(), record.getLong()));
		}
		return ids;
	}

	private static int estimatedSize(List<VectorPoint> points) {
		int size = Integer.BYTES + 1 + Integer.BYTES;
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

	/** A write read back from the log. */
	sealed interface LoggedWrite permits Upsert, Delete {
	}

	/** An upsert of the points as they were indexed. */
	record Upsert(List<VectorPoint> points) implements LoggedWrite {
	}

	/** A delete of the points with these ids. */
	record Delete(List<UUID> ids) implements LoggedWrite {
	}

}
