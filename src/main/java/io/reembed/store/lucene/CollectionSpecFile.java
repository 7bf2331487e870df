package io.reembed.store.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import io.reembed.store.CollectionSpec;
import io.reembed.store.VectorStoreException;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the {@code collection.properties} file that marks a collection as existing.
 */
final class CollectionSpecFile {

	static final String FILE_NAME = "collection.properties";

	private static final String FORMAT = "format";

	private static final String FORMAT_VERSION = "1";

	private static final String NAME = "name";

	private static final String DIMENSIONS = "dimensions";

	private static final String MODEL_FINGERPRINT = "modelFingerprint";

	private static final String VECTOR_TYPE_COUNT = "vectorTypes.count";

	// One key per vector type: a joined list would break on a separator inside a vector type name.
	private static final String VECTOR_TYPE_PREFIX = "vectorTypes.";

	private CollectionSpecFile() {
	}

	/**
	 * Writes the spec so that readers see either no file or the whole file: a crash while writing leaves only a
	 * temporary file that {@link #read} ignores.
	 */
	static void write(Path collectionDir, CollectionSpec spec) throws IOException {
		Properties properties = new Properties();
		properties.setProperty(FORMAT, FORMAT_VERSION);
		properties.setProperty(NAME, spec.name());
		properties.setProperty(DIMENSIONS, Integer.toString(spec.dimensions()));
		properties.setProperty(MODEL_FINGERPRINT, spec.modelFingerprint());
		properties.setProperty(VECTOR_TYPE_COUNT, Integer.toString(spec.vectorTypes().size()));
		for (int i = 0; i < spec.vectorTypes().size(); i++) {
			properties.setProperty(VECTOR_TYPE_PREFIX + i, spec.vectorTypes().get(i));
		}
		PropertiesFiles.write(collectionDir, FILE_NAME, properties, "reembed Lucene collection");
	}

	/** The spec, or empty when the file is absent, which is how a collection that was never finished looks. */
	static Optional<CollectionSpec> read(Path collectionDir) throws IOException {
		Optional<Properties> properties = PropertiesFiles.read(collectionDir.resolve(FILE_NAME));
		if (properties.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(parse(collectionDir, properties.get()));
	}

	static void delete(Path collectionDir) throws IOException {
		Files.deleteIfExists(collectionDir.resolve(FILE_NAME));
	}

	private static CollectionSpec parse(Path collectionDir, Properties properties) {
		try {
			if (!FORMAT_VERSION.equals(properties.getProperty(FORMAT))) {
				throw invalid(collectionDir, "unknown format '" + properties.getProperty(FORMAT) + "'", null);
			}
			int count = Integer.parseInt(required(collectionDir, properties, VECTOR_TYPE_COUNT));
			List<String> vectorTypes = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				vectorTypes.add(required(collectionDir, properties, VECTOR_TYPE_PREFIX + i));
			}
			return new CollectionSpec(required(collectionDir, properties, NAME),
					Integer.parseInt(required(collectionDir, properties, DIMENSIONS)),
					required(collectionDir, properties, MODEL_FINGERPRINT), vectorTypes);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(collectionDir, ex.getMessage(), ex);
		}
	}

	private static String required(Path collectionDir, Properties properties, String key) {
		String value = properties.getProperty(key);
		if (value == null) {
			throw invalid(collectionDir, "missing '" + key + "'", null);
		}
		return value;
	}

	private static VectorStoreException invalid(Path collectionDir, String reason,
			@Nullable Throwable cause) {
		String message = "Invalid " + FILE_NAME + " in " + collectionDir + ": " + reason;
		return (cause != null) ? new VectorStoreException(message, cause) : new VectorStoreException(message);
	}

}
