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

	/** Job execution context key: "true" when the backfill leaves out rows whose text has not changed. */
	public static final String INCREMENTAL = "backfill.incremental";

	private static final Logger logger = LoggerFactory.getLogger(PrepareBackfillTasklet.class);

	private final BackfillTargets targets;

	private final BackfillParameters parameters;

	private final VectorStore store;

	private final TableCollections collections;

	private final VectorReferences references;

	private final boolean incrementalRequested;

	private final JdbcTemplate jdbcTemplate;

	private final JobProgress progress;

	public PrepareBackfillTasklet(BackfillTargets targets, BackfillParameters parameters, boolean incremental,
			VectorStore store, TableCollections collections, VectorReferences references, JdbcTemplate jdbcTemplate,
			JobProgress progress) {
		this.targets = targets;
		this.parameters = parameters;
		this.incrementalRequested = incremental;
		this.store = store;
		this.collections = collections;
		this.references = references;
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
		jobExecution.getExecutionContext().putString(INCREMENTAL, Boolean.toString(incremental(target)));
		this.progress.total(jobExecution.getId(), rows);
		logger.info("Backfill of table '{}' for client {} ({} with {}): {} rows into collection '{}'",
				target.table().name(), target.clientId(), target.vectorType(), target.provider().model().name(), rows,
				target.collection().name());
		return RepeatStatus.FINISHED;
	}

	/**
	 * Incremental only while the references describe the store: when the store holds fewer points than were
	 * recorded (a collection deleted and created again outside reembed), every row is embedded again.
	 */
	private boolean incremental(BackfillTarget target) {
		if (!this.incrementalRequested) {
			return false;
		}
		String collection = target.collection().name();
		long recorded = this.references.count(collection, target.clientId());
		long stored = this.store.count(collection, target.clientId());
		if (stored < recorded) {
			logger.warn("Collection '{}' holds {} points of client {} but {} were recorded: embedding every row",
					collection, stored, target.clientId(), recorded);
			return false;
		}
		return true;
	}

}
