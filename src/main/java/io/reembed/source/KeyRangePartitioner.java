package io.reembed.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Cuts one client's rows of a table into contiguous primary-key ranges. Integer keys are cut arithmetically
 * between the smallest and largest key; text and UUID keys at the keys found at even row offsets, so ranges hold
 * about as many rows each.
 */
public class KeyRangePartitioner implements Partitioner {

	/** Execution context key of the partition's position, for readers that want a stable name. */
	public static final String PARTITION_INDEX = "partition.index";

	private final JdbcTemplate jdbcTemplate;

	private final SourceTable table;

	private final Object clientId;

	public KeyRangePartitioner(JdbcTemplate jdbcTemplate, SourceTable table, String clientId) {
		this.jdbcTemplate = jdbcTemplate;
		this.table = table;
		this.clientId = table.clientIdValue(clientId);
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Assert.isTrue(gridSize > 0, "gridSize must be positive");
		List<KeyRange> ranges = ranges(gridSize);
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (int i = 0; i < ranges.size(); i++) {
			ExecutionContext context = new ExecutionContext();
			ranges.get(i).writeTo(context);
			context.putInt(PARTITION_INDEX, i);
			partitions.put("partition" + i, context);
		}
		return partitions;
	}

	/** The ranges, in key order; one open range when the client has fewer rows than partitions. */
	public List<KeyRange> ranges(int gridSize) {
		return (this.table.keyKind() == KeyKind.INTEGER) ? integerRanges(gridSize) : orderedRanges(gridSize);
	}

	private List<KeyRange> integerRanges(int gridSize) {
		String key = this.table.definition().primaryKey();
		Map<String, Object> bounds = this.jdbcTemplate.queryForMap(
				"SELECT MIN(" + key + ") AS lo, MAX(" + key + ") AS hi FROM " + this.table.name() + " WHERE "
						+ this.table.definition().clientColumn() + " = ?",
				this.clientId);
		Object lo = bounds.get("lo");
		Object hi = bounds.get("hi");
		if (lo == null || hi == null) {
			return List.of(new KeyRange(null, null));
		}
		long min = ((Number) lo).longValue();
		long max = ((Number) hi).longValue();
		long span = max - min + 1;
		int count = (int) Math.max(1, Math.min(gridSize, span));
		List<KeyRange> ranges = new ArrayList<>(count);
		@Nullable Object after = null;
		for (int i = 1; i <= count; i++) {
			Object upTo = (i == count) ? null : min - 1 + (span * i / count);
			ranges.add(new KeyRange(after, upTo));
			after = upTo;
		}
		return ranges;
	}

	private List<KeyRange> orderedRanges(int gridSize) {
		String key = this.table.definition().primaryKey();
		String where = " FROM " + this.table.name() + " WHERE " + this.table.definition().clientColumn() + " = ?";
		long rows = this.jdbcTemplate.queryForObject("SELECT COUNT(*)" + where, Long.class, this.clientId);
		int count = (int) Math.max(1, Math.min(gridSize, rows));
		List<KeyRange> ranges = new ArrayList<>(count);
		@Nullable Object after = null;
		for (int i = 1; i <= count; i++) {
			Object upTo = null;
			if (i < count) {
				long offset = rows * i / count - 1;
				upTo = this.jdbcTemplate.queryForObject(
						"SELECT " + key + where + " ORDER BY " + key + " OFFSET " + offset + " ROWS FETCH NEXT 1 ROWS ONLY",
						Object.class, this.clientId);
			}
			ranges.add(new KeyRange(after, upTo));
			after = upTo;
		}
		return ranges;
	}

}
