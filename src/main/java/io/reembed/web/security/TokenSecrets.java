package io.reembed.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: random, and stored only as their SHA-256. A secret has 256 random bits, so a fast hash is enough:
 * there is nothing to guess that a slow password hash would protect.
 */
final class TokenSecrets {

	/** Marks a reembed token wherever it turns up, so that secret scanners can recognise it. */
	static final String PREFIX = "rmb_";

	private static final int RANDOM_BYTES = 32;

	private static final SecureRandom random = new SecureRandom();

	private TokenSecrets() {
	}

	static String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
