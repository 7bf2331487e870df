package io.reembed.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Row counts of the demo tables, per client.
 *
 * @param byTableAndClient for each table, the number of rows of each client id; tables without rows map to an empty
 * map
 */
public record DemoRowCounts(Map<DemoTable, Map<Long, Long>> byTableAndClient) {

	public DemoRowCounts {
		Map<DemoTable, Map<Long, Long>> copy = new EnumMap<>(DemoTable.class);
		for (DemoTable table : DemoTable.values()) {
			copy.put(table, Collections.unmodifiableMap(new TreeMap<>(byTableAndClient.getOrDefault(table, Map.of()))));
		}
		byTableAndClient = Collections.unmodifiableMap(copy);
	}

	/** Rows in all tables. */
	public long total() {
		return this.byTableAndClient.keySet().stream().mapToLong(this::total).sum();
	}

	/** Rows in one table. */
	public long total(DemoTable table) {
		return this.byTableAndClient.get(table).values().stream().mapToLong(Long::longValue).sum();
	}

	/** Rows of one client in one table. */
	public long count(DemoTable table, long clientId) {
		return this.byTableAndClient.get(table).getOrDefault(clientId, 0L);
	}

	/** The clients that own rows of a table. */
	public Set<Long> clients(DemoTable table) {
		return this.byTableAndClient.get(table).keySet();
	}

	@Override
	public String toString() {
		return this.byTableAndClient.entrySet()
			.stream()
			.map((entry) -> entry.getKey().tableName() + " " + total(entry.getKey()) + " " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

}
