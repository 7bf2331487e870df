package io.reembed.store.lucene;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

import org.apache.lucene.util.IOUtils;

/**
 * Properties files that readers see either whole or not at all, also across processes and power losses.
 */
final class PropertiesFiles {

	private PropertiesFiles() {
	}

	/** Writes a temporary file, syncs it and renames it over the file: a crash leaves only the temporary file. */
	static void write(Path directory, String fileName, Properties properties, String comment) throws IOException {
		Path temp = Files.createTempFile(directory, fileName, ".tmp");
		try {
			try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
				properties.store(writer, comment);
			}
			IOUtils.fsync(temp, false);
			Files.move(temp, directory.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
			// The rename itself only survives a power loss once the directory entry is on disk.
			IOUtils.fsync(directory, true);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	static Optional<Properties> read(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		return Optional.of(properties);
	}

}
