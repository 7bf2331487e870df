package io.reembed.orchestrator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.reembed.config.TableCatalog;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ServedModels;
import io.reembed.job.TableCollections;
import io.reembed.source.TableDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds client aliases that serve another model than the one their table's definition names, and queues a re-embed
 * of each to the configured model. A re-embed of the same client's table between the same models is queued once:
 * one that failed or was cancelled waits for a restart, and a rollback after it is not undone.
 */
final class ModelDrift {

	private static final Logger logger = LoggerFactory.getLogger(ModelDrift.class);

	private final TableCatalog catalog;

	private final TableCollections collections;

	private final ServedModels servedModels;

	private final JobQueue queue;

	private final Clock clock;

	ModelDrift(TableCatalog catalog, TableCollections collections, ServedModels servedModels, JobQueue queue,
			Clock clock) {
		this.catalog = catalog;
		this.collections = collections;
		this.servedModels = servedModels;
		this.queue = queue;
		this.clock = clock;
	}

	/**
	 * @return the ids of the re-embeds queued
	 */
	List<Long> queueReembeds(Priority priority) {
		List<JobRequest> reembeds = new ArrayList<>();
		for (TableDefinition definition : this.catalog.byPriority()) {
			String model = definition.model();
			if (model == null) {
				continue;
			}
			for (String clientId : this.collections.clients(definition.table())) {
				Optional<ServedModels.Served> served;
				try {
					served = this.servedModels.of(definition.table(), clientId);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not tell which model client {}'s alias of table '{}' serves", clientId,
							definition.table(), ex);
					continue;
				}
				if (served.isPresent() && !served.get().model().equals(model) && !this.queue.exists(JobKind.REEMBED,
						definition.table(), clientId, served.get().model(), model)) {
					logger.info("Alias {} serves model {}, but table '{}' is configured for {}: queueing a re-embed",
							served.get().alias(), served.get().model(), definition.table(), model);
					reembeds.add(new JobRequest(JobKind.REEMBED, definition.table(), clientId, served.get().model(),
							model, BackfillParameters.DEFAULT_VECTOR_TYPE, priority));
				}
			}
		}
		return reembeds.isEmpty() ? List.of() : this.queue.submit(reembeds, this.clock.instant());
	}

}
