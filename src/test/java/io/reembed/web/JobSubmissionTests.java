package io.reembed.web;

import java.nio.file.Path;
import java.util.List;

import io.reembed.embedding.ModelRegistry;
import io.reembed.job.AliasNames;
import io.reembed.job.CollectionNames;
import io.reembed.job.ServedModels;
import io.reembed.orchestrator.InvalidJobRequestException;
import io.reembed.orchestrator.JobKind;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.Priority;
import io.reembed.store.CollectionSpec;
import io.reembed.store.lucene.LuceneVectorStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A submission in the design notes' form: a re-embed of a namespace, without a client.
 */
class JobSubmissionTests {

	private final ModelRegistry registry = new ModelRegistry(384);

	private LuceneVectorStore store;

	private ServedModels servedModels;

	@BeforeEach
	void aliases(@TempDir Path data) {
		this.store = new LuceneVectorStore(data);
		for (String model : List.of(ModelRegistry.HASH, ModelRegistry.HASH_V2)) {
			this.store.ensureCollection(new CollectionSpec(CollectionNames.of("issues", model), 384,
					this.registry.get(model).fingerprint(), List.of("content")));
		}
		this.store.switchAlias(AliasNames.of("issues", "42"), CollectionNames.of("issues", ModelRegistry.HASH));
		this.store.switchAlias(AliasNames.of("issues", "7"), CollectionNames.of("issues", ModelRegistry.HASH));
		this.store.switchAlias(AliasNames.of("issues", "9"), CollectionNames.of("issues", ModelRegistry.HASH_V2));
		this.servedModels = new ServedModels(this.store, this.registry);
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
	}

	@Test
	void aReembedOfANamespaceWithoutAClientMovesEveryClientWhoseAliasServesTheSourceModel() {
		// given
		JobSubmission submission = new JobSubmission("reembed", null, "issues", null, "hash", "hash-v2", null, "high");

		// when
		List<JobRequest> requests = submission.toRequests(this.servedModels);

		// then
		assertThat(requests).containsExactly(
				new JobRequest(JobKind.REEMBED, "issues", "42", "hash", "hash-v2", "content", Priority.HIGH),
				new JobRequest(JobKind.REEMBED, "issues", "7", "hash", "hash-v2", "content", Priority.HIGH));
	}

	@Test
	void aNamespaceNoClientServesFromIsRefusedNamingIt() {
		// given
		JobSubmission submission = new JobSubmission("reembed", null, "issues", null, "all-minilm-l6-v2", "hash",
				null, null);

		// when, then
		assertThatExceptionOfType(InvalidJobRequestException.class)
			.isThrownBy(() -> submission.toRequests(this.servedModels))
			.withMessageContaining("No client's alias of table 'issues' serves model 'all-minilm-l6-v2'");
	}

	@Test
	void aTableAndANamespaceNamingDifferentTablesAreRefused() {
		// given
		JobSubmission submission = new JobSubmission("backfill", "issues", "pull_requests", "42", null, "hash", null,
				null);

		// when, then
		assertThatExceptionOfType(InvalidJobRequestException.class)
			.isThrownBy(() -> submission.toRequests(this.servedModels))
			.withMessageContaining("'table' and 'namespace'");
	}

}
