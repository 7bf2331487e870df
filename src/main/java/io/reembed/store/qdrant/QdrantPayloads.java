package io.reembed.store.qdrant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.qdrant.client.ValueFactory;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.reembed.store.PayloadKeys;
import io.reembed.store.VectorPoint;
import org.jspecify.annotations.Nullable;

/**
 * Converts point payloads between Java values and Qdrant's JSON-like {@link Value}s.
 */
final class QdrantPayloads {

	private QdrantPayloads() {
	}

	/** The payload Qdrant stores for the point: its own payload plus the tenant, which always wins. */
	static Map<String, Value> toValues(VectorPoint point) {
		Map<String, Value> values = new LinkedHashMap<>();
		point.payload().forEach((key, value) -> values.put(key, toValue(value)));
		values.put(PayloadKeys.CLIENT_ID, ValueFactory.value(point.clientId()));
		return values;
	}

	static Value toValue(Object value) {
		if (value instanceof String text) {
			return ValueFactory.value(text);
		}
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ValueFactory.value(((Number) value).longValue());
		}
		if (value instanceof Float number) {
			// Widening 0.1f gives 0.10000000149...; going through the decimal form keeps the value that was meant.
			return ValueFactory.value(Double.parseDouble(number.toString()));
		}
		if (value instanceof Double number) {
			return ValueFactory.value(number);
		}
		if (value instanceof Boolean flag) {
			return ValueFactory.value(flag);
		}
		if (value instanceof Instant instant) {
			return ValueFactory.value(instant.toString());
		}
		return ValueFactory.value(value.toString());
	}

	/** The payload as Java values: strings, longs, doubles, booleans, lists and maps; nulls are left out. */
	static Map<String, Object> toJava(Map<String, Value> values) {
		Map<String, Object> payload = new LinkedHashMap<>();
		values.forEach((key, value) -> {
			Object converted = toJava(value);
			if (converted != null) {
				payload.put(key, converted);
			}
		});
		return Collections.unmodifiableMap(payload);
	}

	static @Nullable Object toJava(Value value) {
		return switch (value.getKindCase()) {
			case STRING_VALUE -> value.getStringValue();
			case INTEGER_VALUE -> value.getIntegerValue();
			case DOUBLE_VALUE -> value.getDoubleValue();
			case BOOL_VALUE -> value.getBoolValue();
			case LIST_VALUE -> toJava(value.getListValue().getValuesList());
			case STRUCT_VALUE -> toJava(value.getStructValue().getFieldsMap());
			case NULL_VALUE, KIND_NOT_SET -> null;
		};
	}

	private static List<Object> toJava(List<Value> values) {
		List<Object> list = new ArrayList<>(values.size());
		for (Value value : values) {
			Object converted = toJava(value);
			if (converted != null) {
				list.add(converted);
			}
		}
		return Collections.unmodifiableList(list);
	}

}
