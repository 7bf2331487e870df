package io.reembed.job;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.reembed.embedding.ModelSpec;
import io.reembed.store.CollectionSpec;
import io.reembed.store.IncompatibleCollectionException;
import io.reembed.store.VectorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The steps of a re-embed around its embedding step: validate before any write, verify the new collection, and
 * switch the client's alias to it. Not final: the job scope proxies it.
 */
class ReembedTasklets {

	private static final Logger logger = LoggerFactory.getLogger(ReembedTasklets.class);

	private final BackfillTargets targets;

	private final ReembedParameters parameters;

	private final VectorStore store;

	private final TableCollections collections;

	private final JdbcTemplate jdbcTemplate;

	private final DeadLetters deadLetters;

	private final JobRepository jobRepository;

	private final QualityGate qualityGate;

	private final JobProgress progress;

	private final VectorReferences references;

	private final SyncWatermarks watermarks;

	ReembedTasklets(BackfillTargets targets, ReembedParameters parameters, VectorStore store,
			TableCollections collections, JdbcTemplate jdbcTemplate, DeadLetters deadLetters,
			JobRepository jobRepository, QualityGate qualityGate, JobProgress progress, VectorReferences references,
			SyncWatermarks watermarks) {
		this.references = references;
		this.watermarks = watermarks;
		this.targets = targets;
		this.parameters = parameters;
		this.store = store;
		this.collections = collections;
		this.jdbcTemplate = jdbcTemplate;
		this.deadLetters = deadLetters;
		this.jobRepository = jobRepository;
		this.qualityGate = qualityGate;
		this.progress = progress;
	}

	/**
	 * Both models are registered and differ, the alias serves the source model's collection, and the target
	 * collection is new or holds the target model: checked before anything is written.
	 */
	Tasklet validate() {
		return (contribution, chunkContext) -> {
			BackfillTarget target = this.targets.resolve(this.parameters.embedding());
			BackfillTarget source = source(this.parameters.vectorType());
			ModelSpec from = source.provider().model();
			ModelSpec to = target.provider().model();
			if (from.fingerprint().equals(to.fingerprint())) {
				throw new IllegalArgumentException("Source and target model are both '" + from.name()
						+ "': a re-embed moves to another model");
			}
			String alias = alias();
			String served = this.store.aliasTarget(alias)
				.orElseThrow(() -> new IllegalStateException("Table '" + this.parameters.table() + "' of client "
						+ this.parameters.clientId() + " has no alias '" + alias + "': backfill it first"));
			CollectionSpec servedSpec = this.store.describe(served)
				.orElseThrow(() -> new IllegalStateException("Alias '" + alias + "' points to '" + served
						+ "', which does not exist"));
			if (!servedSpec.modelFingerprint().equals(from.fingerprint())) {
				throw new IncompatibleCollectionException("Alias '" + alias + "' serves collection '" + served
						+ "' of model '" + servedSpec.modelFingerprint() + "', not of the source model '" + from.name()
						+ "' (" + from.fingerprint() + ")");
			}
			CollectionSpec wanted = target.collection();
			Optional<CollectionSpec> existing = this.store.describe(wanted.name());
			if (existing.isPresent() && (existing.get().dimensions() != wanted.dimensions()
					|| !existing.get().modelFingerprint().equals(wanted.modelFingerprint()))) {
				throw new IncompatibleCollectionException("Target collection '" + wanted.name() + "' exists with "
						+ existing.get().dimensions() + "-dimensional vectors of model '"
						+ existing.get().modelFingerprint() + "'; model '" + to.name() + "' makes "
						+ to.dimensions() + "-dimensional ones");
			}
			List<String> vectorTypes = this.references.vectorTypes(served, this.parameters.clientId());
			if (vectorTypes.isEmpty()) {
				vectorTypes = List.of(this.parameters.vectorType());
			}
			for (String vectorType : vectorTypes) {
				this.targets.resolve(this.parameters.embedding().withVectorType(vectorType));
			}
			this.store.ensureCollection(wanted);
			JobExecution jobExecution = contribution.getStepExecution().getJobExecution();
			ExecutionContext context = jobExecution.getExecutionContext();
			context.putString(ReembedJobConfiguration.VECTOR_TYPES_KEY, String.join(",", vectorTypes));
			context.putString(ReembedJobConfiguration.INCREMENTAL_KEY,
					Boolean.toString(existing.isPresent() && referencesDescribeStore(wanted.name(), vectorTypes)));
			// Rows updated after this are read again by the catch-up before the switch.
			this.watermarks.newestUpdate(target.table(), target.clientId())
				.ifPresent((newest) -> context.putString(PrepareBackfillTasklet.UPDATED_UP_TO, newest.toString()));
			long rows = new ScopedRows(this.jdbcTemplate, target.table(), target.clientId()).count();
			context.putLong(PrepareBackfillTasklet.ROWS_IN_SCOPE, rows * vectorTypes.size());
			this.progress.total(jobExecution.getId(), rows * vectorTypes.size());
			logger.info("Re-embed of table '{}' for client {}: {} rows, vector types {}, from '{}' ({}) into '{}' ({})",
					target.table().name(), target.clientId(), rows, vectorTypes, served, from.name(), wanted.name(),
					to.name());
			return RepeatStatus.FINISHED;
		};
	}

	/** The quality gate; a failing one fails the job with its report, and the alias stays where it is. */
	Tasklet verify() {
		return (contribution, chunkContext) -> {
			JobExecution jobExecution = contribution.getStepExecution().getJobExecution();
			Collection<Long> executions = this.jobRepository.getJobExecutions(jobExecution.getJobInstance())
				.stream()
				.map(JobExecution::getId)
				.toList();
			long deadLettered = this.deadLetters.distinctRecords(this.parameters.table(), this.parameters.clientId(),
					executions);
			String vectorType = measuredVectorType(jobExecution);
			QualityReport report = this.qualityGate.evaluate(source(vectorType),
					this.targets.resolve(this.parameters.embedding().withVectorType(vectorType)), deadLettered);
			jobExecution.getExecutionContext().putString(ReembedJobConfiguration.QUALITY_REPORT_KEY, report.describe());
			logger.info("{}", report.describe());
			if (!report.passed()) {
				throw new QualityGateException(report);
			}
			return RepeatStatus.FINISHED;
		};
	}

	/** Switches the alias once: a restart after the switch finds it done. */
	Tasklet switchAlias() {
		return (contribution, chunkContext) -> {
			String collection = this.targets.resolve(this.parameters.embedding()).collection().name();
			String alias = alias();
			if (this.store.aliasTarget(alias).filter(collection::equals).isEmpty()) {
				this.collections.switchAlias(alias, collection, "reembed");
			}
			return RepeatStatus.FINISHED;
		};
	}

	/** Says what changed; the old collection stays for a rollback. */
	Tasklet report() {
		return (contribution, chunkContext) -> {
			String collection = this.targets.resolve(this.parameters.embedding()).collection().name();
			String previous = this.collections.history(alias())
				.stream()
				.filter((entry) -> entry.collection().equals(collection))
				.findFirst()
				.flatMap(TableCollections.Switch::previousCollection)
				.orElse("nothing");
			logger.info("Alias {} serves {} (model {}); {} is kept for a rollback", alias(), collection,
					this.parameters.targetModel(), previous);
			contribution.getStepExecution()
				.getJobExecution()
				.getExecutionContext()
				.putString(ReembedJobConfiguration.SWITCHED_KEY, alias() + ": " + previous + " -> " + collection);
			return RepeatStatus.FINISHED;
		};
	}

	/**
	 * Whether the target collection, left by an earlier re-embed (rolled back since, or stopped), still holds every
	 * point recorded for it: then rows whose content hash it recorded need no embedding again.
	 */
	private boolean referencesDescribeStore(String collection, List<String> vectorTypes) {
		long stored = this.store.count(collection, this.parameters.clientId());
		if (stored == 0) {
			// Nothing to leave out: asking for every chunk's hashes would only cost time.
			return false;
		}
		String clientId = this.parameters.clientId();
		return vectorTypes.stream()
			.allMatch((vectorType) -> this.references.count(collection, vectorType, clientId) <= stored);
	}

	private BackfillTarget source(String vectorType) {
		return this.targets.resolve(new BackfillParameters(this.parameters.table(), this.parameters.clientId(),
				vectorType, this.parameters.sourceModel(), null));
	}

	/** The vector type the quality gate measures: the one the job names, when it was re-embedded, or the first. */
	private String measuredVectorType(JobExecution jobExecution) {
		List<String> vectorTypes = ReembedJobConfiguration.vectorTypes(jobExecution);
		return vectorTypes.contains(this.parameters.vectorType()) ? this.parameters.vectorType() : vectorTypes.get(0);
	}

	private String alias() {
		return AliasNames.of(this.parameters.table(), this.parameters.clientId());
	}

}
