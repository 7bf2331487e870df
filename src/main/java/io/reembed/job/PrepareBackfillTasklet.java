package io.reembed.job;

import java.util.Optional;

import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.VectorStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The first step of a backfill: checks the table, its columns, the vector type and the model, and makes sure the
 * collection exists for exactly this model, before any row is read or any point written. The client's alias of
 * the table is created on the first backfill; a backfill with another model than the one the alias serves fails.
 */
public class PrepareBackfillTasklet implements Tasklet {

	/** Job execution context key of the number of rows in scope. */
	public static final String ROWS_IN_SCOPE = "rows.inScope";

	private static final Logger logger = LoggerFactory.getLogger(PrepareBackfillTasklet.class);

	private final BackfillTargets targets;

	private final BackfillParameters parameters;

	private final VectorStore store;

	private final TableCollections collections;

	private final JdbcTemplate jdbcTemplate;

	private final JobProgress progress;

	public PrepareBackfillTasklet(BackfillTargets targets, BackfillParameters parameters, VectorStore store,
			TableCollections collections, JdbcTemplate jdbcTemplate, JobProgress progress) {
		this.targets = targets;
		this.parameters = parameters;
		this.store = store;
		this.collections = collections;
		this.jdbcTemplate = jdbcTemplate;
		this.progress = progress;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
		BackfillTarget target = this.targets.resolve(this.parameters);
		String alias = AliasNames.of(target.table().name(), target.clientId());
		Optional<String> served = this.store.aliasTarget(alias);
		String collection = target.collection().name();
		if (served.isPresent() && !served.get().equals(collection)) {
			throw new IncompatibleCollectionException("Table '" + target.table().name() + "' of client "
					+ target.clientId() + " is searched in collection '" + served.get() + "', not in '" + collection
					+ "' of model '" + target.provider().model().name()
					+ "': backfill with the model of that collection, or re-embed to move to another model");
		}
		this.store.ensureCollection(target.collection());
		if (served.isEmpty()) {
			// A first backfill has no earlier vectors to serve meanwhile, so its collection serves at once.
			this.collections.switchAlias(alias, collection, "backfill");
		}
		long rows = new ScopedRows(this.jdbcTemplate, target.table(), target.clientId()).count();
		var jobExecution = contribution.getStepExecution().getJobExecution();
		jobExecution.getExecutionContext().putLong(ROWS_IN_SCOPE, rows);
		this.progress.total(jobExecution.getId(), rows);
		logger.info("Backfill of table '{}' for client {} ({} with {}): {} rows into collection '{}'",
				target.table().name(), target.clientId(), target.vectorType(), target.provider().model().name(), rows,
				target.collection().name());
		return RepeatStatus.FINISHED;
	}

}
