package io.reembed.embedding;

import java.util.List;

/**
 * Turns texts into vectors with one model.
 */
public interface EmbeddingProvider extends TextPreparer {

	/** The model this provider embeds with. */
	ModelSpec model();

	/**
	 * Embeds the texts in one call, split only where the provider's own limits require it.
	 * @param texts non-empty texts, already prepared
	 * @return one vector per text, in the same order
	 * @throws TransientEmbeddingException when the provider may succeed if asked again
	 * @throws EmbeddingException when it will not
	 */
	List<float[]> embed(List<String> texts);

}
