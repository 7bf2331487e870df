package io.reembed.config;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of reembed, under the {@code reembed} prefix.
 *
 * @param tables where the table definitions live
 * @param job how jobs split, chunk, retry and skip
 * @param embedding which model embeds by default
 * @param store which vector store receives the points
 * @param quality the quality gate a re-embed passes before its switch
 */
@ConfigurationProperties("reembed")
public record ReembedProperties(@DefaultValue Tables tables, @DefaultValue Job job, @DefaultValue Embedding embedding,
		@DefaultValue Store store, @DefaultValue Quality quality) {

	/**
	 * The quality gate of a re-embed: the alias switches only when every check passes.
	 *
	 * @param sampleSize rows whose own text is searched in the old and the new collection
	 * @param minCoverage least share of the rows in scope that must have a point in the new collection or a
	 * dead-letter row
	 * @param minRecall least self-retrieval recall@10 of the new collection: how often a row's own text finds the
	 * row among the ten nearest points
	 * @param maxRecallDrop most the new collection's recall@10 may fall below the old one's
	 * @param minOverlap least mean share of the ten nearest neighbours the two collections agree on
	 */
	public record Quality(@DefaultValue("500") int sampleSize, @DefaultValue("1.0") double minCoverage,
			@DefaultValue("0.9") double minRecall, @DefaultValue("0.05") double maxRecallDrop,
			@DefaultValue("0.1") double minOverlap) {
	}

	/**
	 * Table definitions.
	 *
	 * @param location directory holding one YAML file per table
	 */
	public record Tables(@DefaultValue("batch-config/tables") String location) {
	}

	/**
	 * Chunking, partitioning and fault tolerance of the jobs.
	 *
	 * @param gridSize number of key-range partitions each table is split into
	 * @param chunkSize rows per chunk: one provider call and one store write per chunk
	 * @param skipLimit most records a partition may dead-letter before it fails
	 * @param retry retries of transient provider and store errors
	 * @param watermarkOverlap how far before the last run's newest updated-at value an incremental run starts
	 * reading, so that a row whose transaction committed after that run read the table, with an earlier
	 * updated-at, is not missed; rows read again cost no embedding when their text is unchanged
	 */
	public record Job(@DefaultValue("4") int gridSize, @DefaultValue("100") int chunkSize,
			@DefaultValue("1000") long skipLimit, @DefaultValue Retry retry,
			@DefaultValue("5m") Duration watermarkOverlap) {
	}

	/**
	 * Exponential backoff with jitter for transient errors.
	 *
	 * @param maxRetries retries after the first attempt
	 * @param delay delay before the first retry
	 * @param multiplier factor applied to the delay after each retry
	 * @param maxDelay longest delay between two attempts
	 * @param jitter random spread added to or taken from each delay
	 */
	public record Retry(@DefaultValue("5") long maxRetries, @DefaultValue("200ms") Duration delay,
			@DefaultValue("2.0") double multiplier, @DefaultValue("10s") Duration maxDelay,
			@DefaultValue("100ms") Duration jitter) {
	}

	/**
	 * Embedding models.
	 *
	 * @param model registry name of the model used when a job names none
	 * @param hashDimensions dimensions of the deterministic {@code hash} test provider
	 */
	public record Embedding(@DefaultValue("all-minilm-l6-v2") String model,
			@DefaultValue("384") int hashDimensions) {
	}

	/**
	 * Vector store.
	 *
	 * @param type which adapter holds the points
	 * @param lucene the embedded Lucene store
	 * @param qdrant the Qdrant server
	 */
	public record Store(@DefaultValue("lucene") StoreType type, @DefaultValue Lucene lucene,
			@DefaultValue Qdrant qdrant) {
	}

	/** The vector store adapters. */
	public enum StoreType {

		/** Embedded Lucene HNSW indexes on local disk. */
		LUCENE,
		/** A Qdrant server over gRPC. */
		QDRANT

	}

	/**
	 * The embedded Lucene store.
	 *
	 * @param path directory that holds one index per collection
	 * @param maxConnections HNSW neighbours per node ({@code M})
	 * @param beamWidth HNSW candidates examined when a point is inserted ({@code ef_construction}); indexing time
	 * grows with it about linearly, recall less and less
	 * @param checkpointSize write-ahead log growth after which an index is committed
	 * @param searchCandidates nearest points a search explores before it keeps the best ones asked for
	 * ({@code ef_search}); more raise recall and cost search time
	 */
	public record Lucene(@DefaultValue("data/lucene") String path, @DefaultValue("16") int maxConnections,
			@DefaultValue("100") int beamWidth, @DefaultValue("64MB") DataSize checkpointSize,
			@DefaultValue("100") int searchCandidates) {
	}

	/**
	 * The Qdrant server.
	 *
	 * @param host gRPC host
	 * @param port gRPC port
	 * @param apiKey API key sent with every call, if the server requires one
	 * @param tls whether the connection uses TLS
	 * @param timeout deadline of each call
	 */
	public record Qdrant(@DefaultValue("localhost") String host, @DefaultValue("6334") int port,
			@Nullable String apiKey, @DefaultValue("false") boolean tls, @DefaultValue("30s") Duration timeout) {
	}

}
