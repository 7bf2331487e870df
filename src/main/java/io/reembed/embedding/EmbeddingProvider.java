package io.reembed.embedding;

import java.util.List;

/**
 * Turns texts into vectors with one model.
 */
public interface EmbeddingProvider {

	/** The model this provider embeds with. */
	ModelSpec model();

	/**
	 * Cuts a text to the model's token limit with the model's own tokenizer; a text within the limit is returned
	 * unchanged.
	 */
	PreparedText prepare(String text);

	/**
	 * Embeds the texts in one call, split only where the provider's own limits require it.
	 * @param texts non-empty texts, already prepared
	 * @return one vector per text, in the same order
	 * @throws TransientEmbeddingException when the provider may succeed if asked again
	 * @throws EmbeddingException when it will not
	 */
	List<float[]> embed(List<String> texts);

}
