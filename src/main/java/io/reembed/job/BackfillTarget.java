package io.reembed.job;

import io.reembed.embedding.EmbeddingProvider;
import io.reembed.source.SourceTable;
import io.reembed.source.TextTemplate;
import io.reembed.store.CollectionSpec;

/**
 * A backfill's parameters resolved against the catalog, the database and the model registry.
 *
 * @param table the checked source table
 * @param clientId tenant whose rows are embedded
 * @param vectorType which text template is embedded
 * @param provider the provider of the model
 * @param collection the collection that receives the points
 */
public record BackfillTarget(SourceTable table, String clientId, String vectorType, EmbeddingProvider provider,
		CollectionSpec collection) {

	public TextTemplate template() {
		return this.table.definition().template(this.vectorType);
	}

}
