package io.reembed.orchestrator;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;
import io.reembed.job.AliasNames;
import io.reembed.job.CollectionNames;
import io.reembed.job.ServedModels;
import io.reembed.job.SyncWatermarks;
import io.reembed.job.TableCollections;
import io.reembed.job.VectorReferences;
import io.reembed.source.TableDefinition;
import io.reembed.store.CollectionSpec;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-embeds queued when a table's definition names another model than the one a client's alias serves.
 */
class ModelDriftTests {

	@TempDir
	Path data;

	SingleConnectionDataSource dataSource;

	LuceneVectorStore store;

	ModelRegistry registry = new ModelRegistry(384);

	JobQueue queue;

	@BeforeEach
	void createQueue() {
		this.dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(this.dataSource);
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		this.queue = new JobQueue(jdbcTemplate,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));
		this.store = new LuceneVectorStore(this.data.resolve("lucene"));
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
		this.dataSource.destroy();
	}

	@Test
	void aClientWhoseAliasServesAnotherModelThanTheTablesGetsOneReembed() {
		// given
		serve("42", ModelRegistry.HASH);
		serve("7", ModelRegistry.HASH_V2);
		ModelDrift drift = drift(issues(ModelRegistry.HASH_V2));

		// when
		List<Long> queued = drift.queueReembeds(Priority.LOW);
		List<Long> queuedAgain = drift.queueReembeds(Priority.LOW);

		// then
		assertThat(queued).hasSize(1);
		OrchestratedJob reembed = this.queue.find(queued.get(0)).orElseThrow();
		assertThat(reembed.kind()).isEqualTo(JobKind.REEMBED);
		assertThat(reembed.table()).isEqualTo("issues");
		assertThat(reembed.clientId()).isEqualTo("42");
		assertThat(reembed.sourceModel()).isEqualTo(ModelRegistry.HASH);
		assertThat(reembed.targetModel()).isEqualTo(ModelRegistry.HASH_V2);
		assertThat(reembed.priority()).isEqualTo(Priority.LOW);
		assertThat(reembed.state()).isEqualTo(JobState.PENDING);
		assertThat(queuedAgain).as("a re-embed between the same models is queued once").isEmpty();
	}

	@Test
	void aTableWithoutAModelSettingDriftsNowhere() {
		// given
		serve("42", ModelRegistry.HASH);

		// when
		List<Long> queued = drift(issues(null)).queueReembeds(Priority.LOW);

		// then
		assertThat(queued).isEmpty();
	}

	private ModelDrift drift(TableDefinition issues) {
		JdbcTemplate jdbcTemplate = new JdbcTemplate(this.dataSource);
		TableCollections collections = new TableCollections(this.store, new VectorReferences(jdbcTemplate),
				new SyncWatermarks(jdbcTemplate), jdbcTemplate);
		return new ModelDrift(TableCatalog.of(List.of(issues)), collections,
				new ServedModels(this.store, this.registry), this.queue, Clock.systemUTC());
	}

	private void serve(String clientId, String model) {
		String collection = CollectionNames.of("issues", model);
		this.store.ensureCollection(CollectionSpec.of(collection, this.registry.get(model), List.of("content")));
		this.store.switchAlias(AliasNames.of("issues", clientId), collection);
	}

	static TableDefinition issues(String model) {
		TableDefinition issues = TableCatalog.load(Path.of("batch-config/tables")).get("issues");
		return new TableDefinition(issues.table(), issues.primaryKey(), issues.clientColumn(),
				issues.updatedAtColumn(), issues.activeColumn(), issues.priority(), issues.payloadColumns(),
				issues.vectorTypes(), model);
	}

}
