package io.reembed.embedding.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;

/**
 * The JSON the server reads and writes. Answers are written with a streaming generator, and each
 * vector as one raw array of floats formatted here: a benchmark asks for thousands of answers of
 * 100 × 1536 floats, and formatting them one by one through the generator costs several times
 * more.
 */
final class OpenAiJson {

	/** Nine significant digits tell every float from its neighbours. */
	private static final int DIGITS = 9;

	private static final double[] POWERS_OF_TEN = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
			1e12, 1e13, 1e14, 1e15, 1e16 };

	/** The longest float this class writes: sign, "0.", six zeros and nine digits, or Float.toString. */
	private static final int MAX_FLOAT_CHARS = 20;

	static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

	static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

	private OpenAiJson() {
	}

	/**
	 * Write an embeddings answer.
	 * @param out where to write; not closed
	 * @param model the model named in the answer
	 * @param served the model that computes the vectors
	 * @param texts the inputs, in order
	 * @param dimensions the vector size
	 * @param base64 whether vectors are written as base64 of little-endian float32
	 * @param promptTokens the prompt tokens of all inputs
	 * @throws IOException if the client went away
	 */
	static void writeEmbeddings(OutputStream out, String model, ServedModel served, List<String> texts, int dimensions,
			boolean base64, long promptTokens) throws IOException {
		try (JsonGenerator json = FACTORY.createGenerator(out)) {
			json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
			ByteBuffer buffer = ByteBuffer.allocate(base64 ? dimensions * Float.BYTES : 0).order(ByteOrder.LITTLE_ENDIAN);
			char[] chars = new char[base64 ? 0 : dimensions * (MAX_FLOAT_CHARS + 1) + 2];
			json.writeStartObject();
			json.writeStringField("object", "list");
			json.writeArrayFieldStart("data");
			for (int i = 0; i < texts.size(); i++) {
				float[] vector = served.vector(texts.get(i), dimensions);
				json.writeStartObject();
				json.writeStringField("object", "embedding");
				json.writeNumberField("index", i);
				json.writeFieldName("embedding");
				if (base64) {
					buffer.clear();
					buffer.asFloatBuffer().put(vector);
					byte[] encoded = Base64.getEncoder().encode(buffer.array());
					json.writeRawUTF8String(encoded, 0, encoded.length);
				}
				else {
					json.writeRawValue(chars, 0, appendArray(chars, vector));
				}
				json.writeEndObject();
			}
			json.writeEndArray();
			json.writeStringField("model", model);
			json.writeObjectFieldStart("usage");
			json.writeNumberField("prompt_tokens", promptTokens);
			json.writeNumberField("total_tokens", promptTokens);
			json.writeEndObject();
			json.writeEndObject();
		}
	}

	/**
	 * Write a vector as a JSON array.
	 * @param chars where to write, large enough for the vector
	 * @param vector the vector
	 * @return the number of chars written
	 */
	static int appendArray(char[] chars, float[] vector) {
		int at = 0;
		chars[at++] = '[';
		for (int i = 0; i < vector.length; i++) {
			if (i > 0) {
				chars[at++] = ',';
			}
			at = appendFloat(chars, at, vector[i]);
		}
		chars[at++] = ']';
		return at;
	}

	/**
	 * Write a float as a JSON number that parses back to the same float: nine significant digits,
	 * trailing zeros dropped, plain notation between 1e-7 and 1e7 and {@link Float#toString}
	 * outside that.
	 * @param chars where to write
	 * @param at where to start
	 * @param value a finite float
	 * @return where the number ends
	 */
	static int appendFloat(char[] chars, int at, float value) {
		if (value == 0) {
			return append(chars, at, (Float.floatToRawIntBits(value) < 0) ? "-0.0" : "0.0");
		}
		double magnitude = Math.abs((double) value);
		if (!Float.isFinite(value) || magnitude < 1e-7 || magnitude >= 1e7) {
			return append(chars, at, Float.toString(value));
		}
		int exponent = (int) Math.floor(Math.log10(magnitude));
		int digits = significantDigits(magnitude, exponent);
		if (digits >= 1_000_000_000) {
			exponent++;
			digits = significantDigits(magnitude, exponent);
		}
		else if (digits < 100_000_000) {
			exponent--;
			digits = significantDigits(magnitude, exponent);
		}
		if (digits == 1_000_000_000) {
			digits = 100_000_000;
			exponent++;
		}
		int significant = DIGITS;
		while (digits % 10 == 0) {
			digits /= 10;
			significant--;
		}
		if (value < 0) {
			chars[at++] = '-';
		}
		if (exponent < 0) {
			chars[at++] = '0';
			chars[at++] = '.';
			for (int zeros = -exponent - 1; zeros > 0; zeros--) {
				chars[at++] = '0';
			}
			return appendDigits(chars, at, digits, significant);
		}
		int integerDigits = exponent + 1;
		if (significant <= integerDigits) {
			at = appendDigits(chars, at, digits, significant);
			for (int zeros = integerDigits - significant; zeros > 0; zeros--) {
				chars[at++] = '0';
			}
			chars[at++] = '.';
			chars[at++] = '0';
			return at;
		}
		int end = appendDigits(chars, at, digits, significant);
		System.arraycopy(chars, at + integerDigits, chars, at + integerDigits + 1, significant - integerDigits);
		chars[at + integerDigits] = '.';
		return end + 1;
	}

	/**
	 * Return the magnitude rounded to nine significant digits, as an integer, when its decimal
	 * exponent is the one given; one multiplication by an exact power of ten, so the result is
	 * off by at most one rounding.
	 */
	private static int significantDigits(double magnitude, int exponent) {
		return (int) Math.round(magnitude * POWERS_OF_TEN[DIGITS - 1 - exponent]);
	}

	private static int appendDigits(char[] chars, int at, int digits, int count) {
		int rest = digits;
		for (int i = at + count - 1; i >= at; i--) {
			chars[i] = (char) ('0' + (rest % 10));
			rest /= 10;
		}
		return at + count;
	}

	private static int append(char[] chars, int at, String text) {
		text.getChars(0, text.length(), chars, at);
		return at + text.length();
	}

	/**
	 * Return an error body as OpenAI writes it.
	 * @param message the message
	 * @param type the error type
	 * @param param the parameter at fault
	 * @param code the error code
	 * @return the body
	 */
	static byte[] openAiError(String message, String type, @Nullable String param, @Nullable String code) {
		return write((json) -> {
			json.writeObjectFieldStart("error");
			json.writeStringField("message", message);
			json.writeStringField("type", type);
			writeNullableString(json, "param", param);
			writeNullableString(json, "code", code);
			json.writeEndObject();
		});
	}

	/**
	 * Return an error body as Azure OpenAI writes its own errors.
	 * @param code the error code
	 * @param message the message
	 * @return the body
	 */
	static byte[] azureError(String code, String message) {
		return write((json) -> {
			json.writeObjectFieldStart("error");
			json.writeStringField("code", code);
			json.writeStringField("message", message);
			json.writeEndObject();
		});
	}

	private static void writeNullableString(JsonGenerator json, String name, @Nullable String value)
			throws IOException {
		if (value != null) {
			json.writeStringField(name, value);
		}
		else {
			json.writeNullField(name);
		}
	}

	private static byte[] write(Fields fields) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
			json.writeStartObject();
			fields.write(json);
			json.writeEndObject();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface Fields {

		void write(JsonGenerator json) throws IOException;

	}

}
