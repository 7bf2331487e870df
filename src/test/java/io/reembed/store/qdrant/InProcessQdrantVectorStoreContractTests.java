package io.reembed.store.qdrant;

import io.reembed.store.VectorStore;
import io.reembed.store.VectorStoreContractTests;

/**
 * The vector store contract, met by the Qdrant adapter against the in-process stand-in server.
 */
class InProcessQdrantVectorStoreContractTests extends VectorStoreContractTests {

	private InProcessQdrantServer server;

	@Override
	protected VectorStore createStore() throws Exception {
		this.server = InProcessQdrantServer.start();
		return new QdrantVectorStore(this.server.newClient());
	}

	@Override
	protected void closeStore(VectorStore store) throws Exception {
		try {
			super.closeStore(store);
		}
		finally {
			this.server.close();
		}
	}

}
