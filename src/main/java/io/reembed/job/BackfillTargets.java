package io.reembed.job;

import java.util.LinkedHashMap;
import java.util.Map;

import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.store.CollectionSpec;

/**
 * Resolves backfill parameters: the table against the catalog and the database metadata, the vector type against
 * the table's templates, the model against the registry.
 */
public final class BackfillTargets {

	/** Enough for every vector type and model of a few jobs running at once. */
	private static final int RESOLVED_FOR_JOBS = 64;

	private final TableCatalog catalog;

	private final SourceTables sourceTables;

	private final EmbeddingProviders providers;

	/** Targets resolved for the partitions of recent job executions, most recently used last. */
	private final Map<JobTarget, BackfillTarget> resolvedForJobs = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<JobTarget, BackfillTarget> eldest) {
			return size() > RESOLVED_FOR_JOBS;
		}

	};

	public BackfillTargets(TableCatalog catalog, SourceTables sourceTables, EmbeddingProviders providers) {
		this.catalog = catalog;
		this.sourceTables = sourceTables;
		this.providers = providers;
	}

	/**
	 * @throws io.reembed.source.InvalidTableDefinitionException for an unknown table, column or vector type
	 * @throws io.reembed.embedding.UnknownModelException for an unknown model
	 */
	public BackfillTarget resolve(BackfillParameters parameters) {
		return resolveNow(parameters);
	}

	/**
	 * Resolves once per job execution: each partition's reader, processor and writer asks, and the database's
	 * metadata, read when the job started, does not change within it.
	 */
	public BackfillTarget resolve(BackfillParameters parameters, long jobExecutionId) {
		JobTarget key = new JobTarget(jobExecutionId, parameters.withoutRun());
		synchronized (this.resolvedForJobs) {
			BackfillTarget target = this.resolvedForJobs.get(key);
			if (target != null) {
				return target;
			}
		}
		BackfillTarget target = resolveNow(parameters);
		synchronized (this.resolvedForJobs) {
			this.resolvedForJobs.put(key, target);
		}
		return target;
	}

	private BackfillTarget resolveNow(BackfillParameters parameters) {
		SourceTable table = this.sourceTables.resolve(this.catalog.get(parameters.table()));
		table.definition().template(parameters.vectorType());
		table.clientIdValue(parameters.clientId());
		EmbeddingProvider provider = this.providers.get(parameters.model());
		CollectionSpec collection = CollectionSpec.of(CollectionNames.of(parameters.table(), parameters.model()),
				provider.model(), table.definition().vectorTypeNames());
		return new BackfillTarget(table, parameters.clientId(), parameters.vectorType(), provider, collection);
	}

	private record JobTarget(long jobExecutionId, BackfillParameters parameters) {
	}

}
