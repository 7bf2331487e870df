package io.reembed.job;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reembed.source.KeyRangePartitioner;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Splits the embedding work of a step into partitions: the client's rows in key ranges, once for each vector type
 * embedded. Each partition's context tells its reader, processor and writer what to do, so that one partition step
 * serves the backfill, the re-embed and the re-embed's catch-up. Not final: the job scope proxies it.
 */
class EmbedPartitioner implements Partitioner {

	/** Partition context key: the vector type the partition embeds. */
	static final String VECTOR_TYPE = "embed.vectorType";

	/** Partition context key: "true" when rows whose content hash is recorded already are left out. */
	static final String INCREMENTAL = "embed.incremental";

	/** Partition context key: only rows updated at or after this time are read, as {@link Timestamp#toString()}. */
	static final String UPDATED_SINCE = "embed.updatedSince";

	private final KeyRangePartitioner keyRanges;

	private final ScopedRows rows;

	private final List<String> vectorTypes;

	private final boolean incremental;

	private final @Nullable Timestamp updatedSince;

	private final int chunkSize;

	/**
	 * @param updatedSince when set, only rows updated at or after it are read, in no more key ranges than they fill
	 * chunks: a partition costs step executions, a reader and transactions of its own, which one with no rows to read
	 * spends for nothing
	 */
	EmbedPartitioner(JdbcTemplate jdbcTemplate, BackfillTarget target, List<String> vectorTypes, boolean incremental,
			@Nullable Timestamp updatedSince, int chunkSize) {
		Assert.notEmpty(vectorTypes, "vectorTypes must not be empty");
		Assert.isTrue(chunkSize > 0, "chunkSize must be positive");
		this.keyRanges = new KeyRangePartitioner(jdbcTemplate, target.table(), target.clientId());
		this.rows = new ScopedRows(jdbcTemplate, target.table(), target.clientId());
		this.vectorTypes = List.copyOf(vectorTypes);
		this.incremental = incremental;
		this.updatedSince = updatedSince;
		this.chunkSize = chunkSize;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		int rangeCount = gridSize;
		if (this.updatedSince != null) {
			long updated = this.rows.countUpdatedSince(this.updatedSince);
			rangeCount = (int) Math.max(1, Math.min(gridSize, (updated + this.chunkSize - 1) / this.chunkSize));
		}
		Map<String, ExecutionContext> ranges = this.keyRanges.partition(rangeCount);
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (String vectorType : this.vectorTypes) {
			ranges.forEach((name, range) -> {
				ExecutionContext context = new ExecutionContext(range);
				context.putString(VECTOR_TYPE, vectorType);
				context.putString(INCREMENTAL, Boolean.toString(this.incremental));
				if (this.updatedSince != null) {
					context.putString(UPDATED_SINCE, this.updatedSince.toString());
				}
				partitions.put((this.vectorTypes.size() == 1) ? name : vectorType + "." + name, context);
			});
		}
		return partitions;
	}

	static String vectorType(ExecutionContext partition, String fallback) {
		return partition.getString(VECTOR_TYPE, fallback);
	}

	static boolean incremental(ExecutionContext partition) {
		return Boolean.parseBoolean(partition.getString(INCREMENTAL, "false"));
	}

	static @Nullable Timestamp updatedSince(ExecutionContext partition) {
		return partition.containsKey(UPDATED_SINCE) ? Timestamp.valueOf(partition.getString(UPDATED_SINCE)) : null;
	}

}
