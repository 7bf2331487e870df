package io.reembed.embedding.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/**
 * Counts prompt tokens as OpenAI's embedding models do (cl100k_base). Special-token text such as
 * {@code <|endoftext|>} is counted as ordinary text, as the embeddings endpoint treats it.
 */
final class Tokens {

	private static final Encoding CL100K_BASE = Encodings.newLazyEncodingRegistry()
		.getEncoding(EncodingType.CL100K_BASE);

	private Tokens() {
	}

	static int count(String text) {
		return CL100K_BASE.countTokensOrdinary(text);
	}

	/**
	 * Decode token ids back to text.
	 * @param tokens the token ids
	 * @return the text
	 * @throws IllegalArgumentException if an id is not a cl100k_base token
	 */
	static String decode(int[] tokens) {
		IntArrayList list = new IntArrayList(tokens.length);
		for (int token : tokens) {
			list.add(token);
		}
		try {
			return CL100K_BASE.decode(list);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a cl100k_base token sequence", ex);
		}
	}

}
