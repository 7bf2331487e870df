package io.reembed.job;

import io.micrometer.observation.ObservationRegistry;
import java.sql.Timestamp;
import java.util.List;

import io.reembed.config.ReembedProperties;
import io.reembed.remote.RemotePartitionHandlers;
import io.reembed.store.VectorStore;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The re-embed job: {@code reembed.validate} checks both models, the alias and the target collection before any
 * write; {@code reembed.embed} reads the client's rows from the database (the truth, not the old vectors) with the
 * backfill's partitioned step into the target model's collection; {@code reembed.verify} runs the quality gate;
 * {@code reembed.switch} points the client's alias at the new collection; {@code reembed.report} says what
 * changed. The old collection is kept, for rollback.
 */
@Configuration(proxyBeanMethods = false)
public class ReembedJobConfiguration {

	public static final String JOB_NAME = "reembed";

	public static final String VALIDATE_STEP = "reembed.validate";

	public static final String EMBED_STEP = "reembed.embed";

	public static final String PARTITION_STEP = "reembed.partition";

	public static final String CATCH_UP_STEP = "reembed.catchup";

	public static final String CATCH_UP_PARTITION_STEP = "reembed.catchup.partition";

	public static final String CATCH_UP_SYNC_STEP = "reembed.catchup.sync";

	public static final String VERIFY_STEP = "reembed.verify";

	public static final String SWITCH_STEP = "reembed.switch";

	public static final String REPORT_STEP = "reembed.report";

	/** Job execution context key of the quality report, as printed. */
	public static final String QUALITY_REPORT_KEY = "reembed.quality.report";

	/** Job execution context key of the switch made, as {@code alias: old -> new}. */
	public static final String SWITCHED_KEY = "reembed.switched";

	/**
	 * Job execution context key: "true" when the target collection exists from an earlier re-embed and rows it
	 * holds with their current text are left out.
	 */
	public static final String INCREMENTAL_KEY = "reembed.incremental";

	/** Job execution context key of the vector types re-embedded, comma-separated: all that the source holds. */
	public static final String VECTOR_TYPES_KEY = "reembed.vectorTypes";

	@Bean
	Job reembedJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Tasklet reembedValidateTasklet, Step reembedEmbedStep, Step reembedCatchUpStep,
			Tasklet reembedCatchUpSyncTasklet, Tasklet reembedVerifyTasklet, Tasklet reembedSwitchTasklet,
			Tasklet reembedReportTasklet, ObservationRegistry observationRegistry,
			ObjectProvider<JobExecutionListener> jobListeners) {
		JobBuilder builder = new JobBuilder(JOB_NAME, jobRepository);
		jobListeners.orderedStream().forEach(builder::listener);
		return builder.start(tasklet(VALIDATE_STEP, reembedValidateTasklet, jobRepository, transactionManager))
			.next(reembedEmbedStep)
			.next(reembedCatchUpStep)
			.next(tasklet(CATCH_UP_SYNC_STEP, reembedCatchUpSyncTasklet, jobRepository, transactionManager))
			.next(tasklet(VERIFY_STEP, reembedVerifyTasklet, jobRepository, transactionManager))
			.next(tasklet(SWITCH_STEP, reembedSwitchTasklet, jobRepository, transactionManager))
			.next(tasklet(REPORT_STEP, reembedReportTasklet, jobRepository, transactionManager))
			.observationRegistry(observationRegistry)
			.build();
	}

	/** Every vector type the source collection holds, from the database's rows into the new collection. */
	@Bean
	Step reembedEmbedStep(JobRepository jobRepository, Step backfillPartitionStep, Partitioner reembedPartitioner,
			ReembedProperties properties, ObjectProvider<RemotePartitionHandlers> remotePartitionHandlers) {
		return BackfillJobConfiguration.partitionedEmbedStep(EMBED_STEP, PARTITION_STEP, jobRepository,
				backfillPartitionStep, reembedPartitioner, properties, remotePartitionHandlers.getIfAvailable());
	}

	@Bean
	@JobScope
	EmbedPartitioner reembedPartitioner(JdbcTemplate jdbcTemplate, BackfillTargets backfillTargets,
			ReembedProperties properties, @Value("#{jobExecution}") JobExecution jobExecution) {
		boolean incremental = Boolean
			.parseBoolean(jobExecution.getExecutionContext().getString(INCREMENTAL_KEY, "false"));
		return new EmbedPartitioner(jdbcTemplate, target(backfillTargets, properties, jobExecution),
				vectorTypes(jobExecution), incremental, null, properties.job().chunkSize());
	}

	/**
	 * Rows changed while the embed step ran, embedded into the new collection before the switch: rows updated
	 * since the embed step started when the table has an updated-at column, otherwise every row, and of those only
	 * the ones whose content hash differs from the one the new collection recorded.
	 */
	@Bean
	Step reembedCatchUpStep(JobRepository jobRepository, Step backfillPartitionStep,
			Partitioner reembedCatchUpPartitioner, ReembedProperties properties,
			ObjectProvider<RemotePartitionHandlers> remotePartitionHandlers) {
		return BackfillJobConfiguration.partitionedEmbedStep(CATCH_UP_STEP, CATCH_UP_PARTITION_STEP, jobRepository,
				backfillPartitionStep, reembedCatchUpPartitioner, properties, remotePartitionHandlers.getIfAvailable());
	}

	@Bean
	@JobScope
	EmbedPartitioner reembedCatchUpPartitioner(JdbcTemplate jdbcTemplate, BackfillTargets backfillTargets,
			ReembedProperties properties, @Value("#{jobExecution}") JobExecution jobExecution) {
		Timestamp embedStarted = BackfillJobConfiguration.timestamp(jobExecution.getExecutionContext(),
				PrepareBackfillTasklet.UPDATED_UP_TO);
		Timestamp since = (embedStarted != null)
				? Timestamp.from(embedStarted.toInstant().minus(properties.job().watermarkOverlap())) : null;
		return new EmbedPartitioner(jdbcTemplate, target(backfillTargets, properties, jobExecution),
				vectorTypes(jobExecution), true, since, properties.job().chunkSize());
	}

	/** Deletes the new collection's points of rows deleted meanwhile, and records its watermark. */
	@Bean
	@JobScope
	SyncTasklet reembedCatchUpSyncTasklet(BackfillTargets backfillTargets, VectorStore vectorStore,
			VectorReferences vectorReferences, SyncWatermarks syncWatermarks, ReembedProperties properties,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		BackfillParameters parameters = BackfillParameters.from(jobExecution.getJobParameters(), properties);
		List<BackfillTarget> targets = vectorTypes(jobExecution).stream()
			.map((vectorType) -> backfillTargets.resolve(parameters.withVectorType(vectorType)))
			.toList();
		return new SyncTasklet(targets, true, BackfillJobConfiguration.timestamp(jobExecution.getExecutionContext(),
				PrepareBackfillTasklet.UPDATED_UP_TO), vectorStore, vectorReferences, syncWatermarks);
	}

	private static BackfillTarget target(BackfillTargets backfillTargets, ReembedProperties properties,
			JobExecution jobExecution) {
		return backfillTargets.resolve(BackfillParameters.from(jobExecution.getJobParameters(), properties));
	}

	static List<String> vectorTypes(JobExecution jobExecution) {
		return List.of(jobExecution.getExecutionContext().getString(VECTOR_TYPES_KEY).split(","));
	}

	@Bean
	@JobScope
	ReembedTasklets reembedTasklets(BackfillTargets backfillTargets, VectorStore vectorStore,
			TableCollections tableCollections, JdbcTemplate jdbcTemplate, DeadLetters deadLetters,
			JobRepository jobRepository, JobProgress jobProgress, VectorReferences vectorReferences,
			SyncWatermarks syncWatermarks, ReembedProperties properties,
			@Value("#{jobExecution.jobParameters}") JobParameters jobParameters) {
		return new ReembedTasklets(backfillTargets, ReembedParameters.from(jobParameters, properties), vectorStore,
				tableCollections, jdbcTemplate, deadLetters, jobRepository,
				new QualityGate(vectorStore, jdbcTemplate, properties.quality()), jobProgress, vectorReferences,
				syncWatermarks);
	}

	@Bean
	@JobScope
	Tasklet reembedValidateTasklet(ReembedTasklets reembedTasklets) {
		return reembedTasklets.validate();
	}

	@Bean
	@JobScope
	Tasklet reembedVerifyTasklet(ReembedTasklets reembedTasklets) {
		return reembedTasklets.verify();
	}

	@Bean
	@JobScope
	Tasklet reembedSwitchTasklet(ReembedTasklets reembedTasklets) {
		return reembedTasklets.switchAlias();
	}

	@Bean
	@JobScope
	Tasklet reembedReportTasklet(ReembedTasklets reembedTasklets) {
		return reembedTasklets.report();
	}

	@Bean
	ReembedLauncher reembedLauncher(JobOperator jobOperator, JobRepository jobRepository, Job reembedJob,
			ReembedProperties properties) {
		return new ReembedLauncher(jobOperator, jobRepository, reembedJob, properties);
	}

	private static Step tasklet(String name, Tasklet tasklet, JobRepository jobRepository,
			PlatformTransactionManager transactionManager) {
		return new StepBuilder(name, jobRepository).tasklet(tasklet, transactionManager).build();
	}

}
