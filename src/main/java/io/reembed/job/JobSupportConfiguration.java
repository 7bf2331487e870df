package io.reembed.job;

import io.micrometer.core.instrument.MeterRegistry;
import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.source.SourceTables;
import io.reembed.store.VectorStore;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every job shares: parameter resolution, model choice, the launcher, progress, metrics and dead letters.
 */
@Configuration(proxyBeanMethods = false)
public class JobSupportConfiguration {

	@Bean
	BackfillTargets backfillTargets(TableCatalog tableCatalog, SourceTables sourceTables,
			EmbeddingProviders embeddingProviders) {
		return new BackfillTargets(tableCatalog, sourceTables, embeddingProviders);
	}

	@Bean
	BackfillLauncher backfillLauncher(JobOperator jobOperator, JobRepository jobRepository, Job backfillJob,
			ReembedProperties properties) {
		return new BackfillLauncher(jobOperator, jobRepository, backfillJob, properties);
	}

	@Bean
	JobProgress jobProgress() {
		return new JobProgress();
	}

	@Bean
	BackfillMetrics backfillMetrics(MeterRegistry meterRegistry) {
		return new BackfillMetrics(meterRegistry);
	}

	@Bean
	DeadLetters deadLetters(JdbcTemplate jdbcTemplate) {
		return new DeadLetters(jdbcTemplate);
	}

	@Bean
	VectorReferences vectorReferences(JdbcTemplate jdbcTemplate) {
		return new VectorReferences(jdbcTemplate);
	}

	@Bean
	DualWrites dualWrites(JobRepository jobRepository, VectorStore vectorStore) {
		return new DualWrites(jobRepository, vectorStore);
	}

	@Bean
	ServedModels servedModels(VectorStore vectorStore, EmbeddingProviders embeddingProviders) {
		return new ServedModels(vectorStore, embeddingProviders.registry());
	}

	@Bean
	ModelSelection modelSelection(ReembedProperties properties, EmbeddingProviders embeddingProviders) {
		return new ModelSelection(properties, embeddingProviders.registry());
	}

	@Bean
	BackfillModels backfillModels(TableCatalog tableCatalog, SourceTables sourceTables, JdbcTemplate jdbcTemplate,
			ServedModels servedModels, ModelSelection modelSelection) {
		return new BackfillModels(tableCatalog, sourceTables, jdbcTemplate, servedModels, modelSelection);
	}

	@Bean
	SyncWatermarks syncWatermarks(JdbcTemplate jdbcTemplate) {
		return new SyncWatermarks(jdbcTemplate);
	}

	@Bean
	TableCollections tableCollections(VectorStore vectorStore, VectorReferences vectorReferences,
			SyncWatermarks syncWatermarks, JdbcTemplate jdbcTemplate) {
		return new TableCollections(vectorStore, vectorReferences, syncWatermarks, jdbcTemplate);
	}

}
