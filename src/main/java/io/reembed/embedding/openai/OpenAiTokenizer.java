package io.reembed.embedding.openai;

import java.nio.charset.StandardCharsets;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingResult;
import com.knuddels.jtokkit.api.EncodingType;
import io.reembed.embedding.ModelSpec;
import io.reembed.embedding.PreparedText;
import io.reembed.embedding.TextPreparer;

/**
 * Counts and cuts texts in the tokens of OpenAI's embedding models (cl100k_base), as OpenAI counts them against the
 * input limit and the quota. It needs no API key, so a plan counts tokens without any provider configured.
 */
public final class OpenAiTokenizer implements TextPreparer {

	private static final EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();

	private final Encoding encoding;

	private final int maxTokens;

	private OpenAiTokenizer(Encoding encoding, int maxTokens) {
		this.encoding = encoding;
		this.maxTokens = maxTokens;
	}

	/** The tokenizer of an OpenAI model: text-embedding-3 and ada-002 all use cl100k_base. */
	public static OpenAiTokenizer of(ModelSpec model) {
		return new OpenAiTokenizer(ENCODINGS.getEncoding(EncodingType.CL100K_BASE), model.maxTokens());
	}

	/** Tokens of the text, as the provider counts them. */
	public int count(String text) {
		return this.encoding.countTokensOrdinary(text);
	}

	@Override
	public PreparedText prepare(String text) {
		EncodingResult result = this.encoding.encodeOrdinary(text, this.maxTokens);
		if (!result.isTruncated()) {
			return new PreparedText(text, result.getTokens().size(), false);
		}
		// The cut may fall inside a character's bytes: drop the incomplete character rather than send a broken one.
		String cut = new String(this.encoding.decodeBytes(result.getTokens()), StandardCharsets.UTF_8);
		int end = cut.length();
		while (end > 0 && cut.charAt(end - 1) == '\uFFFD') {
			end--;
		}
		String prepared = cut.substring(0, end);
		return new PreparedText(prepared, count(prepared), true);
	}

}
