package io.reembed.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures of webhook bodies, as the {@code X-Reembed-Signature} header carries them.
 */
public final class WebhookSignatures {

	private static final String ALGORITHM = "HmacSHA256";

	private WebhookSignatures() {
	}

	/** {@code sha256=} and the hex HMAC-SHA256 of the body, keyed with the secret's UTF-8 bytes. */
	public static String sign(byte[] body, String secret) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
