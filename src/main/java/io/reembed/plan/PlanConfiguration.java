package io.reembed.plan;

import javax.sql.DataSource;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.embedding.openai.OpenAiModels;
import io.reembed.job.BackfillModels;
import io.reembed.source.SourceTables;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The backfill planner.
 */
@Configuration(proxyBeanMethods = false)
public class PlanConfiguration {

	@Bean
	BackfillPlanner backfillPlanner(TableCatalog tableCatalog, SourceTables sourceTables, DataSource dataSource,
			BackfillModels backfillModels, EmbeddingProviders embeddingProviders, OpenAiModels openAiModels,
			ReembedProperties properties) {
		return new BackfillPlanner(tableCatalog, sourceTables, dataSource, backfillModels, embeddingProviders,
				openAiModels, properties);
	}

}
