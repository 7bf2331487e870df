package io.reembed.demo;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link DemoDataGenerator#loadIfEmpty()} did.
 *
 * @param inserted rows inserted into each table; zero for a table that already held rows and was left as it was
 * @param counts the row counts after loading
 */
public record DemoLoadReport(Map<DemoTable, Long> inserted, DemoRowCounts counts) {

	public DemoLoadReport {
		Map<DemoTable, Long> copy = new EnumMap<>(DemoTable.class);
		for (DemoTable table : DemoTable.values()) {
			copy.put(table, inserted.getOrDefault(table, 0L));
		}
		inserted = Collections.unmodifiableMap(copy);
	}

	/** Whether any table was empty and has been filled. */
	public boolean loadedAnything() {
		return this.inserted.values().stream().anyMatch((rows) -> rows > 0);
	}

}
