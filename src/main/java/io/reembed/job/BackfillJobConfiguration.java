package io.reembed.job;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.remote.RemotePartitionHandlers;
import io.reembed.source.KeyRange;
import io.reembed.source.KeyRangePartitioner;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.store.VectorStore;
import org.jspecify.annotations.Nullable;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.SimpleStepExecutionSplitter;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The backfill job: {@code backfill.prepare} checks everything and readies the collection, then
 * {@code backfill.embed} splits the client's rows into key ranges that {@code backfill.partition} reads, embeds and
 * writes, chunk by chunk, concurrently.
 */
@Configuration(proxyBeanMethods = false)
public class BackfillJobConfiguration {

	public static final String JOB_NAME = "backfill";

	public static final String PREPARE_STEP = "backfill.prepare";

	public static final String EMBED_STEP = "backfill.embed";

	public static final String PARTITION_STEP = "backfill.partition";

	public static final String SYNC_STEP = "backfill.sync";

	@Bean
	Job backfillJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			Step backfillPrepareStep, Step backfillEmbedStep, SyncTasklet backfillSyncTasklet,
			ObservationRegistry observationRegistry, ObjectProvider<JobExecutionListener> jobListeners) {
		JobBuilder builder = new JobBuilder(JOB_NAME, jobRepository);
		jobListeners.orderedStream().forEach(builder::listener);
		return builder.start(backfillPrepareStep)
			.next(backfillEmbedStep)
			.next(new StepBuilder(SYNC_STEP, jobRepository).tasklet(backfillSyncTasklet, transactionManager).build())
			.observationRegistry(observationRegistry)
			.build();
	}

	@Bean
	Step backfillPrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PrepareBackfillTasklet prepareBackfillTasklet) {
		return new StepBuilder(PREPARE_STEP, jobRepository).tasklet(prepareBackfillTasklet, transactionManager)
			.build();
	}

	@Bean
	@JobScope
	PrepareBackfillTasklet prepareBackfillTasklet(BackfillTargets backfillTargets, VectorStore vectorStore,
			TableCollections tableCollections, VectorReferences vectorReferences, JdbcTemplate jdbcTemplate,
			JobProgress jobProgress, SyncWatermarks syncWatermarks, JobRepository jobRepository,
			ReembedProperties properties, @Value("#{jobExecution.jobParameters}") JobParameters jobParameters) {
		return new PrepareBackfillTasklet(backfillTargets, BackfillParameters.from(jobParameters, properties),
				"true".equals(jobParameters.getString(BackfillParameters.INCREMENTAL)), vectorStore, tableCollections,
				vectorReferences, jdbcTemplate, jobProgress, syncWatermarks, properties.job().watermarkOverlap());
	}

	@Bean
	@JobScope
	SyncTasklet backfillSyncTasklet(BackfillTargets backfillTargets, VectorStore vectorStore,
			VectorReferences vectorReferences, SyncWatermarks syncWatermarks, ReembedProperties properties,
			@Value("#{jobExecution}") JobExecution jobExecution) {
		JobParameters parameters = jobExecution.getJobParameters();
		ExecutionContext context = jobExecution.getExecutionContext();
		return new SyncTasklet(List.of(backfillTargets.resolve(BackfillParameters.from(parameters, properties))),
				"true".equals(parameters.getString(BackfillParameters.SYNC_DELETES)),
				timestamp(context, PrepareBackfillTasklet.UPDATED_UP_TO), vectorStore, vectorReferences,
				syncWatermarks);
	}

	@Bean
	Step backfillEmbedStep(JobRepository jobRepository, Step backfillPartitionStep, Partitioner backfillPartitioner,
			ReembedProperties properties, ObjectProvider<RemotePartitionHandlers> remotePartitionHandlers) {
		return partitionedEmbedStep(EMBED_STEP, PARTITION_STEP, jobRepository, backfillPartitionStep,
				backfillPartitioner, properties, remotePartitionHandlers.getIfAvailable());
	}

	/**
	 * A step that runs the partition step on each partition: concurrently in this process, or on the workers when
	 * remote partitioning is on. The partitions' step executions are named {@code <partitionStepName>:<partition>}:
	 * a job that runs the same partition step twice gives each run its own name, or a restart would take one run's
	 * finished partitions for the other's.
	 */
	static Step partitionedEmbedStep(String name, String partitionStepName, JobRepository jobRepository,
			Step partitionStep, Partitioner partitioner, ReembedProperties properties,
			@Nullable RemotePartitionHandlers remotePartitionHandlers) {
		int gridSize = properties.job().gridSize();
		var builder = new StepBuilder(name, jobRepository).partitioner(partitionStepName, partitioner)
			.splitter(new SimpleStepExecutionSplitter(jobRepository, partitionStepName, partitioner));
		if (remotePartitionHandlers != null) {
			return builder.partitionHandler(remotePartitionHandlers.handler(partitionStep, gridSize)).build();
		}
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
		executor.setConcurrencyLimit(gridSize);
		return builder.step(partitionStep).gridSize(gridSize).taskExecutor(executor).build();
	}

	@Bean
	@JobScope
	EmbedPartitioner backfillPartitioner(JdbcTemplate jdbcTemplate, BackfillTargets backfillTargets,
			ReembedProperties properties, @Value("#{jobExecution}") JobExecution jobExecution) {
		BackfillTarget target = backfillTargets
			.resolve(BackfillParameters.from(jobExecution.getJobParameters(), properties));
		ExecutionContext context = jobExecution.getExecutionContext();
		return new EmbedPartitioner(jdbcTemplate, target, List.of(target.vectorType()),
				Boolean.parseBoolean(context.getString(PrepareBackfillTasklet.INCREMENTAL, "false")),
				timestamp(context, PrepareBackfillTasklet.UPDATED_SINCE), properties.job().chunkSize());
	}

	static @Nullable Timestamp timestamp(ExecutionContext context, String key) {
		return context.containsKey(key) ? Timestamp.valueOf(context.getString(key)) : null;
	}

	@Bean
	Step backfillPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcPagingItemReader<SourceRow> backfillReader, EmbeddingInputProcessor backfillProcessor,
			EmbeddingItemWriter backfillWriter, DeadLetterSkipListener backfillSkipListener,
			ProgressListener backfillProgressListener, ReembedProperties properties,
			ObservationRegistry observationRegistry) {
		Set<Class<? extends Throwable>> skippable = Set.of(EmptyTextException.class);
		return new StepBuilder(PARTITION_STEP, jobRepository)
			.<SourceRow, EmbeddingInput>chunk(properties.job().chunkSize())
			.transactionManager(transactionManager)
			.reader(backfillReader)
			.processor(backfillProcessor)
			.writer(backfillWriter)
			.faultTolerant()
			// Transient errors are retried inside the writer, where a store retry does not embed again.
			.retryPolicy((throwable) -> false)
			.skipPolicy(new LimitCheckingExceptionHierarchySkipPolicy(skippable, properties.job().skipLimit()))
			.skipListener(backfillSkipListener)
			.listener(backfillProgressListener)
			.observationRegistry(observationRegistry)
			.build();
	}

	@Bean
	@StepScope
	JdbcPagingItemReader<SourceRow> backfillReader(DataSource dataSource, BackfillTargets backfillTargets,
			ReembedProperties properties, @Value("#{stepExecution}") StepExecution stepExecution) throws Exception {
		BackfillTarget target = target(backfillTargets, properties, stepExecution);
		var context = stepExecution.getExecutionContext();
		String name = "backfill.reader." + target.vectorType() + ".partition"
				+ context.getInt(KeyRangePartitioner.PARTITION_INDEX, 0);
		return SourceRowReaders.reader(name, dataSource, target.table(), target.clientId(),
				KeyRange.readFrom(context), EmbedPartitioner.updatedSince(context), properties.job().pageSize(),
				true);
	}

	@Bean
	@StepScope
	EmbeddingInputProcessor backfillProcessor(BackfillTargets backfillTargets, BackfillMetrics backfillMetrics,
			DualWrites dualWrites, ReembedProperties properties,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return new EmbeddingInputProcessor(target(backfillTargets, properties, stepExecution),
				dualWriteTarget(backfillTargets, dualWrites, properties, stepExecution), backfillMetrics);
	}

	@Bean
	@StepScope
	EmbeddingItemWriter backfillWriter(BackfillTargets backfillTargets, VectorStore vectorStore,
			BackfillMetrics backfillMetrics, VectorReferences vectorReferences, DualWrites dualWrites,
			ReembedProperties properties, @Value("#{stepExecution}") StepExecution stepExecution) {
		return new EmbeddingItemWriter(target(backfillTargets, properties, stepExecution),
				dualWriteTarget(backfillTargets, dualWrites, properties, stepExecution), vectorStore,
				new TransientErrors(properties.job().retry()), backfillMetrics, vectorReferences,
				EmbedPartitioner.incremental(stepExecution.getExecutionContext()), stepExecution);
	}

	@Bean
	@StepScope
	DeadLetterSkipListener backfillSkipListener(BackfillTargets backfillTargets, DeadLetters deadLetters,
			BackfillMetrics backfillMetrics, ReembedProperties properties,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return new DeadLetterSkipListener(target(backfillTargets, properties, stepExecution), deadLetters,
				backfillMetrics, stepExecution);
	}

	@Bean
	@StepScope
	ProgressListener backfillProgressListener(JobProgress jobProgress,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		return new ProgressListener(jobProgress, stepExecution.getJobExecutionId());
	}

	/** What the partition embeds: the job's table, client and model, and the partition's vector type. */
	private static BackfillTarget target(BackfillTargets targets, ReembedProperties properties,
			StepExecution stepExecution) {
		BackfillParameters parameters = BackfillParameters.from(stepExecution.getJobParameters(), properties);
		return targets.resolve(parameters.withVectorType(
				EmbedPartitioner.vectorType(stepExecution.getExecutionContext(), parameters.vectorType())),
				stepExecution.getJobExecutionId());
	}

	/** Where a backfill's partition writes too, while a re-embed from the partition's collection runs. */
	private static @Nullable BackfillTarget dualWriteTarget(BackfillTargets targets, DualWrites dualWrites,
			ReembedProperties properties, StepExecution stepExecution) {
		if (!JOB_NAME.equals(stepExecution.getJobExecution().getJobInstance().getJobName())) {
			return null;
		}
		BackfillTarget target = target(targets, properties, stepExecution);
		return dualWrites.targetModel(target)
			.map((model) -> targets.resolve(new BackfillParameters(target.table().name(), target.clientId(),
					target.vectorType(), model, null), stepExecution.getJobExecutionId()))
			.orElse(null);
	}

}
