package io.reembed.job;

import java.nio.file.Path;
import java.util.List;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.ModelRegistry;
import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.SourceTables;
import io.reembed.source.TableDefinition;
import io.reembed.store.CollectionSpec;
import io.reembed.store.lucene.LuceneVectorStore;
import io.reembed.support.IssueRows;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The model of a backfill: named, served by the client's alias, or chosen for a new collection, never chosen again
 * once the alias serves one.
 */
class BackfillModelsTests {

	@TempDir
	Path data;

	SingleConnectionDataSource dataSource;

	LuceneVectorStore store;

	ModelRegistry registry;

	BackfillModels models;

	@BeforeEach
	void createIssues() {
		this.dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
		IssueRows issues = new IssueRows(this.dataSource);
		issues.create();
		issues.insert(issues.generate(300, 42, 7));
		this.store = new LuceneVectorStore(this.data.resolve("lucene"));
		// OpenAI is configured: for a table this small the selection prefers it.
		ReembedProperties properties = ModelSelectionTests.properties("reembed.embedding.model=hash",
				"reembed.providers.openai.api-key=sk-test");
		this.registry = new ModelRegistry(properties.embedding().hashDimensions());
		this.models = new BackfillModels(TableCatalog.load(Path.of("batch-config/tables")),
				new SourceTables(this.dataSource), new JdbcTemplate(this.dataSource),
				new ServedModels(this.store, this.registry), new ModelSelection(properties, this.registry));
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
		this.dataSource.destroy();
	}

	@Test
	void aNewCollectionsModelIsChosenForTheClientsRowsInScope() {
		// when
		ModelChoice choice = this.models.choose("issues", "42", null);

		// then
		assertThat(choice).isEqualTo(new ModelChoice("text-embedding-3-small",
				"150 rows in scope, preference auto -> quality, openai configured"));
	}

	@Test
	void onceTheAliasServesACollectionItsModelIsUsedAndNeverChosenAgain() {
		// given
		String collection = CollectionNames.of("issues", ModelRegistry.HASH);
		this.store.ensureCollection(
				CollectionSpec.of(collection, this.registry.get(ModelRegistry.HASH), List.of("content")));
		this.store.switchAlias(AliasNames.of("issues", "42"), collection);

		// when
		ModelChoice choice = this.models.choose("issues", "42", null);

		// then
		assertThat(choice).isEqualTo(
				new ModelChoice("hash", "served by alias issues__client_42 (collection issues__hash)"));
		assertThat(this.models.choose("issues", "7", null).model()).as("another client's alias serves nothing yet")
			.isEqualTo("text-embedding-3-small");
	}

	@Test
	void aNamedModelIsTakenAsNamedAndANamedModelTheAliasDoesNotServeIsPointedOut() {
		// given
		String collection = CollectionNames.of("issues", ModelRegistry.HASH);
		this.store.ensureCollection(
				CollectionSpec.of(collection, this.registry.get(ModelRegistry.HASH), List.of("content")));
		this.store.switchAlias(AliasNames.of("issues", "42"), collection);

		// when
		ModelChoice served = this.models.choose("issues", "42", ModelRegistry.HASH);
		ModelChoice other = this.models.choose("issues", "42", ModelRegistry.HASH_V2);
		ModelChoice unserved = this.models.choose("issues", "7", ModelRegistry.HASH_V2);

		// then
		assertThat(served).isEqualTo(new ModelChoice("hash", "as named"));
		assertThat(other.model()).isEqualTo("hash-v2");
		assertThat(other.reason()).isEqualTo("as named, but alias issues__client_42 serves model hash: a backfill "
				+ "with another model fails, a re-embed moves the table to it");
		assertThat(unserved).isEqualTo(new ModelChoice("hash-v2", "as named"));
	}

	@Test
	void aNewCollectionTakesTheModelTheTablesDefinitionNames() {
		// given
		TableDefinition issues = TableCatalog.load(Path.of("batch-config/tables")).get("issues");
		TableDefinition configured = new TableDefinition(issues.table(), issues.primaryKey(), issues.clientColumn(),
				issues.updatedAtColumn(), issues.activeColumn(), issues.priority(), issues.payloadColumns(),
				issues.vectorTypes(), ModelRegistry.HASH_V2);
		ReembedProperties properties = ModelSelectionTests.properties("reembed.embedding.model=hash");
		BackfillModels models = new BackfillModels(TableCatalog.of(List.of(configured)),
				new SourceTables(this.dataSource), new JdbcTemplate(this.dataSource),
				new ServedModels(this.store, this.registry), new ModelSelection(properties, this.registry));

		// when
		ModelChoice choice = models.choose("issues", "42", null);

		// then
		assertThat(choice).isEqualTo(new ModelChoice("hash-v2", "configured for table 'issues'"));
	}

	@Test
	void anUnknownTableIsNamed() {
		// when / then
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.models.choose("isues", "42", null))
			.withMessageContaining("Unknown table 'isues'");
	}

}
