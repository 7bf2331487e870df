package io.reembed.job;

import java.util.Set;

import javax.sql.DataSource;

import io.micrometer.observation.ObservationRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.source.KeyRange;
import io.reembed.source.KeyRangePartitioner;
import io.reembed.source.SourceRow;
import io.reembed.source.SourceRowReaders;
import io.reembed.store.VectorStore;

import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.skip.LimitCheckingExceptionHierarchySkipPolicy;
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

	@Bean
	Job backfillJob(JobRepository jobRepository, Step backfillPrepareStep, Step backfillEmbedStep,
			ObservationRegistry observationRegistry, ObjectProvider<JobExecutionListener> jobListeners) {
		JobBuilder builder = new JobBuilder(JOB_NAME, jobRepository);
		jobListeners.orderedStream().forEach(builder::listener);
		return builder.start(backfillPrepareStep)
			.next(backfillEmbedStep)
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
			JobProgress jobProgress,
			ReembedProperties properties, @Value("#{jobExecution.jobParameters}") JobParameters jobParameters) {
		return new PrepareBackfillTasklet(backfillTargets, BackfillParameters.from(jobParameters, properties),
				"true".equals(jobParameters.getString(BackfillParameters.INCREMENTAL)), vectorStore, tableCollections,
				vectorReferences, jdbcTemplate, jobProgress);
	}

	@Bean
	Step backfillEmbedStep(JobRepository jobRepository, Step backfillPartitionStep, Partitioner backfillPartitioner,
			ReembedProperties properties) {
		return partitionedEmbedStep(EMBED_STEP, jobRepository, backfillPartitionStep, backfillPartitioner, properties);
	}

	/** A step that runs the partition step on each key range of the client's rows, concurrently. */
	static Step partitionedEmbedStep(String name, JobRepository jobRepository, Step partitionStep,
			Partitioner partitioner, ReembedProperties properties) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(name + "-");
		executor.setConcurrencyLimit(properties.job().gridSize());
		return new StepBuilder(name, jobRepository).partitioner(PARTITION_STEP, partitioner)
			.step(partitionStep)
			.gridSize(properties.job().gridSize())
			.taskExecutor(executor)
			.build();
	}

	@Bean
	@JobScope
	KeyRangePartitioner backfillPartitioner(JdbcTemplate jdbcTemplate, BackfillTargets backfillTargets,
			ReembedProperties properties, @Value("#{jobExecution.jobParameters}") JobParameters jobParameters) {
		BackfillTarget target = backfillTargets.resolve(BackfillParameters.from(jobParameters, properties));
		return new KeyRangePartitioner(jdbcTemplate, target.table(), target.clientId());
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
		String name = "backfill.reader.partition" + context.getInt(KeyRangePartitioner.PARTITION_INDEX, 0);
		return SourceRowReaders.reader(name, dataSource, target.table(), target.clientId(),
				KeyRange.readFrom(context), properties.job().chunkSize(), true);
	}

	@Bean
	@StepScope
	EmbeddingInputProcessor backfillProcessor(BackfillTargets backfillTargets, BackfillMetrics backfillMetrics,
			ReembedProperties properties, @Value("#{stepExecution}") StepExecution stepExecution) {
		return new EmbeddingInputProcessor(target(backfillTargets, properties, stepExecution), backfillMetrics);
	}

	@Bean
	@StepScope
	EmbeddingItemWriter backfillWriter(BackfillTargets backfillTargets, VectorStore vectorStore,
			BackfillMetrics backfillMetrics, VectorReferences vectorReferences, ReembedProperties properties,
			@Value("#{stepExecution}") StepExecution stepExecution) {
		boolean incremental = stepExecution.getJobExecution()
			.getExecutionContext()
			.getString(PrepareBackfillTasklet.INCREMENTAL, "false")
			.equals("true");
		return new EmbeddingItemWriter(target(backfillTargets, properties, stepExecution), vectorStore,
				new TransientErrors(properties.job().retry()), backfillMetrics, vectorReferences, incremental,
				stepExecution.getJobExecutionId());
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

	private static BackfillTarget target(BackfillTargets targets, ReembedProperties properties,
			StepExecution stepExecution) {
		return targets.resolve(BackfillParameters.from(stepExecution.getJobParameters(), properties));
	}

}
