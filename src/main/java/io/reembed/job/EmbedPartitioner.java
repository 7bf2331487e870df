package io.reembed.job;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.reembed.source.KeyRangePartitioner;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;
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

	private final List<String> vectorTypes;

	private final boolean incremental;

	private final @Nullable Timestamp updatedSince;

	private final int maxRanges;

	EmbedPartitioner(KeyRangePartitioner keyRanges, List<String> vectorTypes, boolean incremental,
			@Nullable Timestamp updatedSince) {
		this(keyRanges, vectorTypes, incremental, updatedSince, Integer.MAX_VALUE);
	}

	/**
	 * @param maxRanges key ranges at most, whatever the grid size: a partition costs step executions, a reader and
	 * transactions of its own, which one with no rows to read spends for nothing
	 */
	EmbedPartitioner(KeyRangePartitioner keyRanges, List<String> vectorTypes, boolean incremental,
			@Nullable Timestamp updatedSince, int maxRanges) {
		Assert.notEmpty(vectorTypes, "vectorTypes must not be empty");
		Assert.isTrue(maxRanges > 0, "maxRanges must be positive");
		this.keyRanges = keyRanges;
		this.vectorTypes = List.copyOf(vectorTypes);
		this.incremental = incremental;
		this.updatedSince = updatedSince;
		this.maxRanges = maxRanges;
	}

	/** As many key ranges as the rows fill chunks, at least one: no partition has less than a chunk to read. */
	static int rangesFor(long rows, int chunkSize) {
		Assert.isTrue(chunkSize > 0, "chunkSize must be positive");
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (rows + chunkSize - 1) / chunkSize));
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> ranges = this.keyRanges.partition(Math.min(gridSize, this.maxRanges));
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
