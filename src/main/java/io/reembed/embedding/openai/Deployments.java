package io.reembed.embedding.openai;

import java.util.ArrayList;
import java.util.List;

import io.reembed.config.ReembedProperties;

import org.springframework.util.StringUtils;

/**
 * Which configured providers serve an OpenAI model, preferred first.
 */
public final class Deployments {

	private Deployments() {
	}

	/**
	 * @param modelId the provider's model id, e.g. {@code text-embedding-3-small}
	 * @return OpenAI when it has an API key, Azure OpenAI when it has an endpoint and a deployment of the model; the
	 * preferred one first; empty when neither serves it
	 */
	public static List<Deployment> of(ReembedProperties.Providers providers, String modelId) {
		if (!Deployment.OPENAI.equals(providers.prefer()) && !Deployment.AZURE_OPENAI.equals(providers.prefer())) {
			throw new IllegalArgumentException("reembed.providers.prefer is '" + providers.prefer() + "', expected '"
					+ Deployment.OPENAI + "' or '" + Deployment.AZURE_OPENAI + "'");
		}
		List<Deployment> deployments = new ArrayList<>(2);
		if (StringUtils.hasText(providers.openai().apiKey())) {
			deployments.add(new Deployment(Deployment.OPENAI, modelId));
		}
		ReembedProperties.AzureOpenAi azure = providers.azureOpenai();
		String deployment = azure.deployments().get(modelId);
		if (StringUtils.hasText(azure.endpoint()) && StringUtils.hasText(deployment)) {
			deployments.add(new Deployment(Deployment.AZURE_OPENAI, deployment));
		}
		if (deployments.size() == 2 && Deployment.AZURE_OPENAI.equals(providers.prefer())) {
			deployments.add(deployments.remove(0));
		}
		return List.copyOf(deployments);
	}

}
