package io.reembed.orchestrator;

import java.time.Clock;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillModels;
import io.reembed.job.DeadLetters;
import io.reembed.job.JobProgress;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ServedModels;
import io.reembed.job.TableCollections;
import io.reembed.observability.QueuedJobs;
import io.reembed.source.SourceTables;

import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The orchestrator, on when {@code reembed.orchestrator.enabled} is (the {@code serve} profile sets it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class OrchestratorConfiguration {

	private static final Clock CLOCK = Clock.systemUTC();

	@Bean
	JobQueue jobQueue(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new JobQueue(jdbcTemplate, new TransactionTemplate(transactionManager));
	}

	/**
	 * The queue's length for the {@code reembed.jobs.queued} gauge: the jobs waiting in the database, held ones
	 * included, which every server sharing it drains.
	 */
	@Bean
	QueuedJobs queuedJobs(JobQueue jobQueue) {
		return () -> jobQueue.count(JobState.PENDING);
	}

	@Bean
	JobRequestValidator jobRequestValidator(TableCatalog tableCatalog, SourceTables sourceTables,
			EmbeddingProviders embeddingProviders) {
		return new JobRequestValidator(tableCatalog, sourceTables, embeddingProviders.registry());
	}

	@Bean
	ExecutionStopper executionStopper(JobOperator jobOperator, JobRepository jobRepository) {
		return new ExecutionStopper(jobOperator, jobRepository);
	}

	@Bean
	ExecutionTracker executionTracker(JobQueue jobQueue, ExecutionStopper executionStopper) {
		return new ExecutionTracker(jobQueue, executionStopper);
	}

	@Bean
	JobScheduler jobScheduler(JobQueue jobQueue, ExecutionTracker executionTracker, ExecutionStopper executionStopper,
			BackfillLauncher backfillLauncher, ReembedLauncher reembedLauncher, BackfillModels backfillModels,
			JobProgress jobProgress, JobOperator jobOperator, JobRepository jobRepository, TableCatalog tableCatalog,
			TableCollections tableCollections, ServedModels servedModels, ReembedProperties properties) {
		JobRunner runner = new JobRunner(jobQueue, executionTracker, backfillLauncher, reembedLauncher,
				backfillModels, jobProgress, CLOCK);
		JobRecovery recovery = new JobRecovery(jobQueue, runner, jobOperator, jobRepository, backfillLauncher,
				reembedLauncher);
		ModelDrift modelDrift = new ModelDrift(tableCatalog, tableCollections, servedModels, jobQueue, CLOCK);
		return new JobScheduler(jobQueue, runner, recovery, modelDrift, executionStopper, properties.orchestrator(),
				CLOCK);
	}

	@Bean
	Orchestrator orchestrator(JobQueue jobQueue, JobRequestValidator jobRequestValidator, JobScheduler jobScheduler,
			ExecutionStopper executionStopper, JobRepository jobRepository, JobProgress jobProgress,
			DeadLetters deadLetters, TableCatalog tableCatalog, TableCollections tableCollections) {
		return new Orchestrator(jobQueue, jobRequestValidator, jobScheduler, executionStopper, jobRepository,
				jobProgress, deadLetters, tableCatalog, tableCollections, CLOCK);
	}

}
