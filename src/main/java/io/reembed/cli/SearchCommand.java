package io.reembed.cli;

import java.util.List;
import java.util.Optional;

import io.reembed.config.ReembedProperties;
import io.reembed.config.TableCatalog;
import io.reembed.embedding.EmbeddingProvider;
import io.reembed.embedding.EmbeddingProviders;
import io.reembed.job.BackfillParameters;
import io.reembed.job.CollectionNames;
import io.reembed.job.ServedModels;
import io.reembed.store.PayloadKeys;
import io.reembed.store.SearchHit;
import io.reembed.store.SearchRequest;
import io.reembed.store.VectorStore;
import org.jspecify.annotations.Nullable;

/**
 * {@code search --table issues --client 42 "query text"}: the nearest rows of one client, with their scores.
 */
final class SearchCommand {

	private final TableCatalog catalog;

	private final EmbeddingProviders providers;

	private final VectorStore store;

	private final ReembedProperties properties;

	private final ServedModels servedModels;

	private final Console console;

	SearchCommand(TableCatalog catalog, EmbeddingProviders providers, VectorStore store, ReembedProperties properties,
			ServedModels servedModels, Console console) {
		this.servedModels = servedModels;
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
		int limit = Integer.parseInt(arguments.option("limit").orElse("5"));
		if (arguments.positional().isEmpty()) {
			throw new UsageException("a query is required, e.g. search --table issues --client 42 \"login fails\"");
		}
		String query = String.join(" ", arguments.positional());
		Target target = target(table, clientId, arguments.option("model").orElse(null));
		List<SearchHit> hits = search(target, clientId, vectorType, query, limit);
		this.console.out().printf("Top %d of table '%s' for client %s (%s, %s, %s): \"%s\"%n", hits.size(), table,
				clientId, vectorType, target.model(), target.description(), query);
		int rank = 1;
		for (SearchHit hit : hits) {
			this.console.out().printf("%2d. %.3f  #%-8s %s%n", rank++, hit.score(),
					hit.payload().get(PayloadKeys.RECORD_ID), headline(hit));
		}
		return ExitCodes.COMPLETED;
	}

	/**
	 * Where a search goes: the collection of the given model; without one, the client's alias of the table, with
	 * the model of the collection it serves; without an alias, the collection of the default model.
	 */
	Target target(String table, String clientId, @Nullable String model) {
		if (model != null) {
			return new Target(CollectionNames.of(table, model), model, "collection " + CollectionNames.of(table, model));
		}
		Optional<ServedModels.Served> served = this.servedModels.of(table, clientId);
		if (served.isEmpty()) {
			String defaultModel = this.properties.embedding().model();
			return new Target(CollectionNames.of(table, defaultModel), defaultModel,
					"collection " + CollectionNames.of(table, defaultModel));
		}
		return new Target(served.get().alias(), served.get().model(),
				"alias " + served.get().alias() + " -> " + served.get().collection());
	}

	List<SearchHit> search(Target target, String clientId, String vectorType, String query, int limit) {
		EmbeddingProvider provider = this.providers.get(target.model());
		float[] vector = provider.embed(List.of(provider.prepare(query).text())).get(0);
		return this.store.search(target.name(), new SearchRequest(vectorType, clientId, vector, limit));
	}

	/**
	 * @param name the collection or alias searched
	 * @param model the model that embeds the query
	 * @param description how the name was chosen, for the user
	 */
	record Target(String name, String model, String description) {
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
