package io.reembed.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the YAML files the project ships (compose, Prometheus), each value checked for the shape a test expects.
 */
public final class YamlFiles {

	private YamlFiles() {
	}

	public static Map<String, Object> yaml(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	@SuppressWarnings("unchecked")
	public static <T> List<T> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<T>) value;
	}

	@SuppressWarnings("unchecked")
	public static <K, V> Map<K, V> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<K, V>) value;
	}

	public static String text(Object value) {
		assertThat(value).isInstanceOf(String.class);
		return (String) value;
	}

}
