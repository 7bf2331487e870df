package io.reembed.config;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.reembed.orchestrator.Priority;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.BatchStatus;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of reembed, under the {@code reembed} prefix.
 *
 * @param tables where the table definitions live
 * @param job how jobs split, chunk, retry and skip
 * @param embedding which model embeds by default
 * @param store which vector store receives the points
 * @param quality the quality gate a re-embed passes before its switch
 * @param providers the remote embedding providers, OpenAI and Azure OpenAI
 * @param webhooks where the end of each job execution is posted
 * @param orchestrator the job queue and scheduler that {@code serve} runs
 * @param remote remote partitioning: partitions sent to {@code reembed worker} processes over RabbitMQ
 */
@ConfigurationProperties("reembed")
public record ReembedProperties(@DefaultValue Tables tables, @DefaultValue Job job, @DefaultValue Embedding embedding,
		@DefaultValue Store store, @DefaultValue Quality quality, @DefaultValue Providers providers,
		@DefaultValue Webhooks webhooks, @DefaultValue Orchestrator orchestrator, @DefaultValue Remote remote) {

	/**
	 * Remote partitioning over RabbitMQ (the broker is {@code spring.rabbitmq.*}): a manager sends each partition of a
	 * job's embedding steps as a request to a queue, {@code reembed worker} processes take them one by one, and the
	 * manager follows them in the JobRepository that all of them share. The vector store must be one every process
	 * reaches (Qdrant).
	 *
	 * @param enabled whether jobs launched here send their partitions to workers instead of running them in this
	 * process
	 * @param queue the durable queue of partition requests, shared by the manager and its workers
	 * @param format how requests are written: JSON, or Java serialisation read back only for the request class
	 * @param timeout how long a manager waits for all partitions of a step; the partitions still running then are
	 * marked FAILED, so that a restart runs them again
	 * @param pollInterval how often the manager reads the partitions' state from the JobRepository
	 * @param staleness how long a STARTED partition may go without a committed chunk before its worker counts as
	 * dead: the manager sends its request again and the worker that takes it runs the partition on from its last
	 * commit
	 * @param worker what a {@code reembed worker} process takes on
	 */
	public record Remote(@DefaultValue("false") boolean enabled, @DefaultValue("reembed.partitions") String queue,
			@DefaultValue("json") MessageFormat format, @DefaultValue("2h") Duration timeout,
			@DefaultValue("1s") Duration pollInterval, @DefaultValue("5m") Duration staleness,
			@DefaultValue Worker worker) {

		public Remote {
			Assert.hasText(queue, "reembed.remote.queue must not be empty");
			Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "reembed.remote.timeout must be positive");
			Assert.isTrue(!pollInterval.isNegative() && !pollInterval.isZero(),
					"reembed.remote.poll-interval must be positive");
			Assert.isTrue(!staleness.isNegative() && !staleness.isZero(), "reembed.remote.staleness must be positive");
		}

	}

	/** How partition requests travel. */
	public enum MessageFormat {

		/** {@code {"stepName": ..., "stepExecutionId": ...}}, readable by any consumer. */
		JSON,
		/** Java serialisation; a worker deserialises the request class and nothing else. */
		JAVA

	}

	/**
	 * A {@code reembed worker} process.
	 *
	 * @param enabled whether this process takes partition requests from the queue; {@code reembed worker} turns it on
	 * @param concurrency partitions this process runs at once; each takes one request at a time and acknowledges it
	 * only when its step has ended
	 * @param shutdownWait how long a stopping worker waits for its partitions to reach a chunk boundary, where it
	 * hands them back for another worker to finish
	 */
	public record Worker(@DefaultValue("false") boolean enabled, @DefaultValue("1") int concurrency,
			@DefaultValue("60s") Duration shutdownWait) {

		public Worker {
			Assert.isTrue(concurrency > 0, "reembed.remote.worker.concurrency must be positive");
			Assert.isTrue(!shutdownWait.isNegative(), "reembed.remote.worker.shutdown-wait must not be negative");
		}

	}

	/**
	 * Webhooks: each job execution that ends with one of the statuses is posted as JSON to every URL, signed, in the
	 * background, and posted again after a failure.
	 *
	 * @param urls where the events are posted; none posts nothing
	 * @param secret key of the HMAC-SHA256 signature of each body, sent as
	 * {@code X-Reembed-Signature: sha256=<hex>}; required when a URL is set
	 * @param statuses how an execution must end to be posted: COMPLETED, FAILED or STOPPED (cancelled or timed out)
	 * @param maxAttempts attempts of one delivery to one URL, the first included, before it is given up; an answer
	 * other than 2xx and a connection error count as failed
	 * @param backoff delays between attempts
	 * @param timeout deadline of one attempt, connecting included
	 * @param shutdownWait how long the application, when it stops, waits for deliveries still under way
	 */
	public record Webhooks(@DefaultValue List<URI> urls, @Nullable String secret,
			@DefaultValue({ "COMPLETED", "FAILED" }) Set<BatchStatus> statuses, @DefaultValue("5") int maxAttempts,
			@DefaultValue Backoff backoff, @DefaultValue("10s") Duration timeout,
			@DefaultValue("30s") Duration shutdownWait) {
	}

	/**
	 * The orchestrator that {@code serve} runs: a priority queue of jobs in the JobRepository's database, drained by
	 * a scheduler, and its REST API.
	 *
	 * @param enabled whether this process runs the queue, the scheduler and the REST API; the {@code serve} profile
	 * turns it on
	 * @param maxConcurrentJobs most jobs running at once, from {@code MAX_CONCURRENT_REEMBED_JOBS} by default
	 * @param jobTimeout how long a job may run before it is stopped at its next chunk boundary, restartably; from
	 * {@code REEMBED_JOB_TIMEOUT_SECONDS} by default
	 * @param pollInterval how often the scheduler looks at the queue and at the running jobs' deadlines; a submission
	 * or a job's end wakes it at once
	 * @param autoReembed whether the server, when it starts, queues a re-embed of each client's table whose alias
	 * serves another model than the table's {@code model} setting
	 * @param autoReembedPriority priority of those re-embeds
	 * @param maxRequestSize largest request body the REST API reads
	 * @param shutdownWait how long a stopping server waits for its running jobs to stop at a chunk boundary; they are
	 * queued again and resume when the server next starts
	 * @param eventsInterval how often a job's server-sent events stream sends its progress
	 * @param eventsTimeout how long a job's server-sent events stream stays open at most; a client that still wants
	 * the job's progress then opens another
	 */
	public record Orchestrator(@DefaultValue("false") boolean enabled, @DefaultValue("3") int maxConcurrentJobs,
			@DefaultValue("1h") Duration jobTimeout, @DefaultValue("1s") Duration pollInterval,
			@DefaultValue("true") boolean autoReembed, @DefaultValue("LOW") Priority autoReembedPriority,
			@DefaultValue("64KB") DataSize maxRequestSize, @DefaultValue("30s") Duration shutdownWait,
			@DefaultValue("1s") Duration eventsInterval, @DefaultValue("30m") Duration eventsTimeout) {

		public Orchestrator {
			Assert.isTrue(maxConcurrentJobs > 0, "reembed.orchestrator.max-concurrent-jobs must be positive");
			Assert.isTrue(!jobTimeout.isNegative() && !jobTimeout.isZero(),
					"reembed.orchestrator.job-timeout must be positive");
			Assert.isTrue(!pollInterval.isNegative() && !pollInterval.isZero(),
					"reembed.orchestrator.poll-interval must be positive");
			Assert.isTrue(!eventsInterval.isNegative() && !eventsInterval.isZero(),
					"reembed.orchestrator.events-interval must be positive");
			Assert.isTrue(!eventsTimeout.isNegative() && !eventsTimeout.isZero(),
					"reembed.orchestrator.events-timeout must be positive");
		}

	}

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
	 * @param pageSize rows a partition's reader fetches per query; each query costs the database a descent of the
	 * primary key's index, so pages larger than a chunk read a table with fewer of them. A restart resumes after the
	 * last committed chunk whatever the page
	 * @param skipLimit most records a partition may dead-letter before it fails
	 * @param retry retries of transient provider and store errors
	 * @param watermarkOverlap how far before the last run's newest updated-at value an incremental run starts
	 * reading, so that a row whose transaction committed after that run read the table, with an earlier
	 * updated-at, is not missed; rows read again cost no embedding when their text is unchanged
	 */
	public record Job(@DefaultValue("4") int gridSize, @DefaultValue("100") int chunkSize,
			@DefaultValue("500") int pageSize, @DefaultValue("1000") long skipLimit, @DefaultValue Retry retry,
			@DefaultValue("5m") Duration watermarkOverlap) {

		public Job {
			Assert.isTrue(gridSize > 0, "reembed.job.grid-size must be positive");
			Assert.isTrue(chunkSize > 0, "reembed.job.chunk-size must be positive");
			Assert.isTrue(pageSize > 0, "reembed.job.page-size must be positive");
		}

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
	 * @param model registry name of the local model: used when a job names no model and selection is off, and the
	 * model selection picks when it prefers a local model
	 * @param hashDimensions dimensions of the deterministic {@code hash} test provider
	 * @param remoteModels more remote models for the registry, e.g. text-embedding-3-small cut to 512 dimensions
	 * @param prices US dollars per million input tokens, by the provider's model id, for cost estimates
	 * @param selection how the model of a table's first collection is chosen when a job names none
	 */
	public record Embedding(@DefaultValue("all-minilm-l6-v2") String model, @DefaultValue("384") int hashDimensions,
			@DefaultValue List<RemoteModel> remoteModels, @DefaultValue Map<String, BigDecimal> prices,
			@DefaultValue Selection selection) {
	}

	/**
	 * A remote model for the registry.
	 *
	 * @param name registry name used on the command line
	 * @param modelId the provider's model id, e.g. {@code text-embedding-3-small}
	 * @param dimensions vector length asked for; only text-embedding-3 models accept less than their own
	 */
	public record RemoteModel(String name, String modelId, int dimensions) {
	}

	/**
	 * The plan rules that choose the model of a table's first collection when a job names none. A collection keeps
	 * its model: once the table's alias serves a collection, its model is used, and only a re-embed changes it.
	 *
	 * @param enabled whether to choose by these rules; otherwise {@code reembed.embedding.model} is used
	 * @param preference what the choice favours; {@code auto} decides by the rows in scope
	 * @param remoteModel registry name of the remote model chosen when a remote provider is preferred and configured
	 * @param largeTableRows rows in scope above which {@code auto} prefers {@code fast}
	 * @param mediumTableRows rows in scope above which {@code auto} prefers {@code balanced}; at or below it,
	 * {@code quality}
	 */
	public record Selection(@DefaultValue("true") boolean enabled, @DefaultValue("auto") Preference preference,
			@DefaultValue("text-embedding-3-small") String remoteModel,
			@DefaultValue("50000") long largeTableRows, @DefaultValue("10000") long mediumTableRows) {
	}

	/** What the model selection favours, as the backfill plan names it. */
	public enum Preference {

		/** {@code fast} for large tables, {@code balanced} for medium ones, {@code quality} for small ones. */
		AUTO,
		/** The local model first, then Azure OpenAI, then OpenAI. */
		FAST,
		/** The local model for medium tables and larger, Azure OpenAI for smaller ones. */
		BALANCED,
		/** OpenAI first, then Azure OpenAI, then the local model. */
		QUALITY

	}

	/**
	 * The remote embedding providers. Each one configured serves the remote models; when both serve a model, the
	 * preferred one is used and the other takes over while its circuit breaker is open.
	 *
	 * @param openai the OpenAI API
	 * @param azureOpenai an Azure OpenAI resource
	 * @param prefer which of the two serves a model both serve
	 * @param maxAttempts attempts of one request before the call fails, the first included; 429 answers do not
	 * count, they are waited out as the provider tells
	 * @param backoff delays between attempts after a server error, a timeout or a malformed answer
	 * @param maxRateLimitWait longest time one request may keep being answered 429 before the call fails
	 * @param circuitBreaker when a provider counts as down
	 * @param maxConcurrency most requests in flight to one provider; fewer while it answers 429
	 * @param quotaUtilization share of the tokens- and requests-per-minute quota requests are paced to
	 */
	public record Providers(@DefaultValue OpenAi openai, @DefaultValue AzureOpenAi azureOpenai,
			@DefaultValue("openai") String prefer, @DefaultValue("6") int maxAttempts,
			@DefaultValue Backoff backoff, @DefaultValue("15m") Duration maxRateLimitWait,
			@DefaultValue CircuitBreaker circuitBreaker, @DefaultValue("16") int maxConcurrency,
			@DefaultValue("0.97") double quotaUtilization) {
	}

	/**
	 * Exponential backoff with jitter between attempts of a remote request.
	 *
	 * @param delay delay before the second attempt
	 * @param multiplier factor applied to the delay after each attempt
	 * @param maxDelay longest delay between two attempts
	 * @param jitter random spread added to or taken from each delay
	 */
	public record Backoff(@DefaultValue("500ms") Duration delay, @DefaultValue("2.0") double multiplier,
			@DefaultValue("30s") Duration maxDelay, @DefaultValue("250ms") Duration jitter) {
	}

	/**
	 * The OpenAI API. It serves the remote models when an API key is set.
	 *
	 * @param apiKey API key, sent as a bearer token; from {@code OPENAI_API_KEY} by default
	 * @param baseUrl API root
	 * @param organization organization id sent with each request, if any
	 * @param project project id sent with each request, if any
	 * @param timeout deadline of one request
	 * @param quota the account's rate limits, until the provider's answers report them
	 */
	public record OpenAi(@Nullable String apiKey, @DefaultValue("https://api.openai.com/v1") String baseUrl,
			@Nullable String organization, @Nullable String project, @DefaultValue("60s") Duration timeout,
			@DefaultValue Quota quota) {
	}

	/**
	 * An Azure OpenAI resource. It serves the remote models it has a deployment of, when an endpoint is set.
	 *
	 * @param endpoint resource endpoint, e.g. {@code https://my-resource.openai.azure.com}
	 * @param apiKey resource key, sent as the {@code api-key} header
	 * @param entraToken Microsoft Entra ID access token, sent as a bearer token instead of a key
	 * @param entraTokenFile file holding an Entra ID access token, read again for every request so that a rotated
	 * token is used (as workload identity writes it)
	 * @param apiVersion {@code api-version} of the deployment URLs, or {@code v1} for the unified
	 * {@code /openai/v1} path, which needs none
	 * @param deployments deployment name by the model id it serves, e.g. {@code text-embedding-3-small: embed-small}
	 * @param timeout deadline of one request
	 * @param quota the deployment's rate limits, until the provider's answers report them
	 */
	public record AzureOpenAi(@Nullable String endpoint, @Nullable String apiKey, @Nullable String entraToken,
			@Nullable String entraTokenFile, @DefaultValue("2024-10-21") String apiVersion,
			@DefaultValue Map<String, String> deployments, @DefaultValue("60s") Duration timeout,
			@DefaultValue Quota quota) {
	}

	/**
	 * Rate limits of a provider. OpenAI reports its limits in every answer, which then replace these; Azure OpenAI
	 * does not, so its deployment's quota must be set here.
	 *
	 * @param tokensPerMinute input tokens allowed per minute, 0 when there is no limit
	 * @param requestsPerMinute requests allowed per minute, 0 when there is no limit
	 */
	public record Quota(@DefaultValue("1000000") long tokensPerMinute, @DefaultValue("3000") long requestsPerMinute) {
	}

	/**
	 * When a provider counts as down: calls fail at once while it is, so a job fails cleanly instead of waiting out
	 * every retry of every chunk.
	 *
	 * @param failureThreshold consecutive failed requests that open the breaker
	 * @param openDuration how long it stays open before one request may try again
	 */
	public record CircuitBreaker(@DefaultValue("8") int failureThreshold,
			@DefaultValue("60s") Duration openDuration) {
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
