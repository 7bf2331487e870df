package io.reembed.embedding.openai;

/**
 * Where requests for one OpenAI model go: OpenAI itself or one Azure OpenAI deployment.
 *
 * @param provider {@link #OPENAI} or {@link #AZURE_OPENAI}
 * @param model what the request names as its model: the model id for OpenAI, the deployment name for Azure
 */
public record Deployment(String provider, String model) {

	/** The OpenAI API. */
	public static final String OPENAI = "openai";

	/** An Azure OpenAI resource. */
	public static final String AZURE_OPENAI = "azure-openai";

	@Override
	public String toString() {
		return this.provider + " (" + this.model + ")";
	}

}
