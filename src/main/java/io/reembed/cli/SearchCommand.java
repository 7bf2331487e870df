package io.reembed.cli;

import java.util.List;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.job.BackfillParameters;
import io.reembed.job.CollectionNames;
import io.reembed.store.PayloadKeys;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorStore;

/**
 * {@code search --table issues --client 42 "query text"}: the nearest rows of one client, with their scores.
 */
final class SearchCommand {

	private final TableCatalog catalog;

	private final EmbeddingProviders providers;

	private final VectorStore store;

	private final ReembedProperties properties;

	private final Console console;

	SearchCommand(TableCatalog catalog, EmbeddingProviders providers, VectorStore store, ReembedProperties properties,
			Console console) {
		this.catalog = catalog;
		this.providers = providers;
		this.store = store;
		this.properties = properties;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		String table = this.catalog.get(arguments.required("table", "issues")).table();
		String clientId = arguments.required("client", "42");
		String vectorType = arguments.option("vector-type").orElse(BackfillParameters.DEFAULT_VECTOR_TYPE);
		String model = arguments.option("model").orElse(this.properties.embedding().model());
		int limit = Integer.parseInt(arguments.option("limit").orElse("5"));
		if (arguments.positional().isEmpty()) {
			throw new UsageException("a query is required, e.g. search --table issues --client 42 \"login fails\"");
		}
		String query = String.join(" ", arguments.positional());
		List<SearchHit> hits = search(table, clientId, vectorType, model, query, limit);
		this.console.out().printf("Top %d of table '%s' for client %s (%s, %s): \"%s\"%n", hits.size(), table, clientId,
				vectorType, model, query);
		int rank = 1;
		for (SearchHit hit : hits) {
			this.console.out().printf("%2d. %.3f  #%-8s %s%n", rank++, hit.score(),
					hit.payload().get(PayloadKeys.RECORD_ID), headline(hit));
		}
		return ExitCodes.COMPLETED;
	}

	List<SearchHit> search(String table, String clientId, String vectorType, String model, String query, int limit) {
		EmbeddingProvider provider = this.providers.get(model);
		float[] vector = provider.embed(List.of(provider.prepare(query).text())).get(0);
		return this.store.search(CollectionNames.of(table, model),
				new SearchRequest(vectorType, clientId, vector, limit));
	}

	private static String headline(SearchHit hit) {
		for (String key : List.of("title", "summary", "content", "author")) {
			Object value = hit.payload().get(key);
			if (value != null) {
				String text = value.toString().replaceAll("\\s+", " ");
				return (text.length() > 100) ? text.substring(0, 97) + "..." : text;
			}
		}
		return "";
	}

}
