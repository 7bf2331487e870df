package io.reembed.store.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The store's aliases, one file for all of them, {@code aliases.properties} in the store's root: replacing the
 * file is what makes a switch atomic, for this process and for any other that reads the store.
 */
final class AliasFile {

	static final String FILE_NAME = "aliases.properties";

	private AliasFile() {
	}

	static Map<String, String> read(Path root) throws IOException {
		Map<String, String> aliases = new TreeMap<>();
		PropertiesFiles.read(root.resolve(FILE_NAME))
			.ifPresent((properties) -> properties.stringPropertyNames()
				.forEach((alias) -> aliases.put(alias, properties.getProperty(alias))));
		return aliases;
	}

	static void write(Path root, Map<String, String> aliases) throws IOException {
		Properties properties = new Properties();
		properties.putAll(aliases);
		PropertiesFiles.write(root, FILE_NAME, properties, "reembed Lucene aliases: alias=collection");
	}

}
