package io.reembed.embedding;

/**
 * Serves the models of a remote provider (OpenAI's, through OpenAI or Azure OpenAI).
 */
public interface RemoteModels {

	/** Serves no remote model. */
	RemoteModels NONE = new RemoteModels() {

		@Override
		public EmbeddingProvider provider(ModelSpec model) {
			throw new EmbeddingException("No remote provider serves model '" + model.name() + "'");
		}

		@Override
		public TextPreparer preparer(ModelSpec model) {
			throw new EmbeddingException("No remote provider serves model '" + model.name() + "'");
		}

	};

	/**
	 * The provider embedding with the model.
	 * @throws EmbeddingException naming what is missing when no configured provider serves it
	 */
	EmbeddingProvider provider(ModelSpec model);

	/** Counts and cuts texts in the model's tokens, whether or not a provider serving it is configured. */
	TextPreparer preparer(ModelSpec model);

}
