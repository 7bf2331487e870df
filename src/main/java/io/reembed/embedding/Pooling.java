package io.reembed.embedding;

/**
 * How a model's per-token output becomes one vector: the way the model was trained to be used.
 */
enum Pooling {

	/** Mean of the text's tokens, padding excluded (sentence-transformers models). */
	MEAN,

	/** The first token's state, [CLS] (BGE models). */
	CLS

}
