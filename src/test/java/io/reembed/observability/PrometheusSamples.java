package io.reembed.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text scrape, found by name and labels.
 */
final class PrometheusSamples {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+).*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final List<Sample> samples;

	private PrometheusSamples(List<Sample> samples) {
		this.samples = samples;
	}

	static PrometheusSamples parse(String scrape) {
		List<Sample> samples = new ArrayList<>();
		for (String line : scrape.split("\n")) {
			Matcher matcher = SAMPLE.matcher(line);
			if (line.startsWith("#") || !matcher.matches()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(2) != null) {
				Matcher label = LABEL.matcher(matcher.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
		}
		return new PrometheusSamples(samples);
	}

	/** Every sample name, e.g. {@code reembed_jobs_completed_total} and {@code reembed_job_duration_seconds_bucket}. */
	Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/** Every label name of any sample. */
	Set<String> labelNames() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.addAll(sample.labels().keySet()));
		return names;
	}

	/**
	 * How many samples of that name have these labels, among others.
	 * @param labels label names and values in turn
	 */
	long count(String name, String... labels) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name) && sample.has(labels)).count();
	}

	/**
	 * The value of the one sample of that name that has these labels, among others.
	 * @param labels label names and values in turn
	 */
	double value(String name, String... labels) {
		List<Sample> matching = this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.has(labels))
			.toList();
		if (matching.size() != 1) {
			throw new AssertionError("Expected one sample " + name + " with " + List.of(labels) + ", found "
					+ matching);
		}
		return matching.get(0).value();
	}

	record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... labels) {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(this.labels.get(labels[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
