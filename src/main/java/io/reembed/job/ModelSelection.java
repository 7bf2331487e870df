package io.reembed.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.reembed.config.ReembedProperties;
import io.reembed.config.ReembedProperties.Preference;
import io.reembed.config.ReembedProperties.Selection;
import io.reembed.embedding.ModelRegistry;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.openai.Deployment;
import io.reembed.embedding.openai.Deployments;

/**
 * Chooses the model of a client's first collection of a table by the backfill plan's rules: large tables favour
 * speed, small ones quality, and a remote model is chosen only when a provider serving it is configured. Asked only
 * while the client's alias of the table serves no collection: a collection keeps its model, and only a re-embed
 * moves a table to another one.
 */
public final class ModelSelection {

	private static final String LOCAL = "local";

	private final ReembedProperties.Embedding embedding;

	private final ReembedProperties.Providers providers;

	private final ModelRegistry registry;

	public ModelSelection(ReembedProperties properties, ModelRegistry registry) {
		this.embedding = properties.embedding();
		this.providers = properties.providers();
		this.registry = registry;
	}

	/**
	 * The model for a new collection of this many rows.
	 * @throws io.reembed.embedding.UnknownModelException when the configured remote model is not in the registry
	 * @throws IllegalStateException when the configured remote model is not served by OpenAI or Azure OpenAI
	 */
	public ModelChoice select(long rowsInScope) {
		Selection selection = this.embedding.selection();
		if (!selection.enabled()) {
			return new ModelChoice(this.embedding.model(), "model selection off, reembed.embedding.model");
		}
		Preference preference = preference(selection, rowsInScope);
		String because = String.format(Locale.ROOT, "%,d rows in scope, preference %s", rowsInScope,
				(selection.preference() == Preference.AUTO) ? "auto -> " + name(preference) : name(preference));
		ModelSpec remote = remoteModel(selection);
		List<String> available = new ArrayList<>();
		available.add(LOCAL);
		Deployments.of(this.providers, remote.modelId()).forEach((deployment) -> available.add(deployment.provider()));
		return switch (preference) {
			case FAST -> firstAvailable(List.of(LOCAL, Deployment.AZURE_OPENAI, Deployment.OPENAI), available,
					because, remote);
			case QUALITY -> firstAvailable(List.of(Deployment.OPENAI, Deployment.AZURE_OPENAI, LOCAL), available,
					because, remote);
			case BALANCED -> (rowsInScope > selection.mediumTableRows())
					? firstAvailable(List.of(LOCAL), available,
							because + String.format(Locale.ROOT, ", more than %,d rows", selection.mediumTableRows()),
							remote)
					: firstAvailable(List.of(Deployment.AZURE_OPENAI), available, because, remote);
			case AUTO -> throw new IllegalStateException("AUTO is resolved by the rows in scope");
		};
	}

	private static Preference preference(Selection selection, long rows) {
		if (selection.preference() != Preference.AUTO) {
			return selection.preference();
		}
		if (rows > selection.largeTableRows()) {
			return Preference.FAST;
		}
		return (rows > selection.mediumTableRows()) ? Preference.BALANCED : Preference.QUALITY;
	}

	private ModelSpec remoteModel(Selection selection) {
		ModelSpec spec = this.registry.get(selection.remoteModel());
		if (!ModelRegistry.OPENAI.equals(spec.provider())) {
			throw new IllegalStateException("reembed.embedding.selection.remote-model '" + selection.remoteModel()
					+ "' is not served by OpenAI or Azure OpenAI");
		}
		return spec;
	}

	/**
	 * The first provider of the order that is available; when none is, the first available one, which is always
	 * the local model.
	 */
	private ModelChoice firstAvailable(List<String> order, List<String> available, String because, ModelSpec remote) {
		List<String> missing = new ArrayList<>();
		for (String provider : order) {
			if (available.contains(provider)) {
				return choice(provider, because, missing, "", remote);
			}
			missing.add(provider);
		}
		return choice(available.get(0), because, missing, "first available: ", remote);
	}

	private ModelChoice choice(String provider, String because, List<String> missing, String how, ModelSpec remote) {
		StringBuilder reason = new StringBuilder(because);
		if (!missing.isEmpty()) {
			reason.append(", ")
				.append(String.join(" and ", missing))
				.append(" not configured for ")
				.append(remote.modelId());
		}
		reason.append(", ").append(how).append(LOCAL.equals(provider) ? "local model" : provider + " configured");
		String model = LOCAL.equals(provider) ? this.embedding.model() : remote.name();
		return new ModelChoice(model, reason.toString());
	}

	private static String name(Preference preference) {
		return preference.name().toLowerCase(Locale.ROOT);
	}

}
