package io.reembed.job;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;

import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.VectorStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
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

	/** Job execution context key: only rows updated at or after this time are read. */
	public static final String UPDATED_SINCE = "backfill.updatedSince";

	/** Job execution context key: the newest updated-at value when the backfill started reading. */
	public static final String UPDATED_UP_TO = "backfill.updatedUpTo";

	private static final Logger logger = LoggerFactory.getLogger(PrepareBackfillTasklet.class);

	private final BackfillTargets targets;

	private final BackfillParameters parameters;

	private final VectorStore store;

	private final TableCollections collections;

	private final VectorReferences references;

	private final boolean incrementalRequested;

	private final JdbcTemplate jdbcTemplate;

	private final JobProgress progress;

	private final SyncWatermarks watermarks;

	private final Duration watermarkOverlap;

	public PrepareBackfillTasklet(BackfillTargets targets, BackfillParameters parameters, boolean incremental,
			VectorStore store, TableCollections collections, VectorReferences references, JdbcTemplate jdbcTemplate,
			JobProgress progress, SyncWatermarks watermarks, Duration watermarkOverlap) {
		this.watermarks = watermarks;
		this.watermarkOverlap = watermarkOverlap;
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
		ScopedRows scopedRows = new ScopedRows(this.jdbcTemplate, target.table(), target.clientId());
		long rows = scopedRows.count();
		var jobExecution = contribution.getStepExecution().getJobExecution();
		ExecutionContext context = jobExecution.getExecutionContext();
		context.putLong(ROWS_IN_SCOPE, rows);
		boolean incremental = incremental(target);
		context.putString(INCREMENTAL, Boolean.toString(incremental));
		this.watermarks.newestUpdate(target.table(), target.clientId())
			.ifPresent((newest) -> context.putString(UPDATED_UP_TO, newest.toString()));
		Optional<Timestamp> since = incremental ? updatedSince(target) : Optional.empty();
		since.ifPresent((timestamp) -> context.putString(UPDATED_SINCE, timestamp.toString()));
		this.progress.total(jobExecution.getId(), since.map(scopedRows::countUpdatedSince).orElse(rows));
		logger.info("Backfill of table '{}' for client {} ({} with {}): {} rows into collection '{}'{}",
				target.table().name(), target.clientId(), target.vectorType(), target.provider().model().name(), rows,
				target.collection().name(), since.map((timestamp) -> ", updated since " + timestamp).orElse(""));
		return RepeatStatus.FINISHED;
	}

	/**
	 * Where the last completed run left off, less the overlap that catches rows committed late with an earlier
	 * updated-at value; empty when the table has no updated-at column or no run completed.
	 */
	private Optional<Timestamp> updatedSince(BackfillTarget target) {
		if (target.table().definition().updatedAtColumn() == null) {
			return Optional.empty();
		}
		return this.watermarks.recorded(target)
			.map((watermark) -> Timestamp.from(watermark.toInstant().minus(this.watermarkOverlap)));
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
		long recorded = this.references.count(collection, target.vectorType(), target.clientId());
		long stored = this.store.count(collection, target.clientId());
		if (stored < recorded) {
			logger.warn("Collection '{}' holds {} points of client {} but {} were recorded: embedding every row",
					collection, stored, target.clientId(), recorded);
			return false;
		}
		return true;
	}

}
