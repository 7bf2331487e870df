package io.reembed.store.lucene;

import java.nio.file.Path;

import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreContractTests;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared vector store contract, against an index in a temporary directory.
 */
class LuceneVectorStoreContractTests extends VectorStoreContractTests {

	@TempDir
	Path root;

	@Override
	protected VectorStore createStore() {
		return new LuceneVectorStore(this.root);
	}

}
