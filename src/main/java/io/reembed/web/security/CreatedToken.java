package io.reembed.web.security;

/**
 * A token just created, with its secret: the only time the secret is known, since only its hash is stored.
 *
 * @param token the token as stored
 * @param secret what a client sends as {@code Authorization: Bearer <secret>}
 */
public record CreatedToken(ApiToken token, String secret) {

	@Override
	public String toString() {
		// A record's own toString would print the secret wherever the value is logged.
		return "CreatedToken[token=" + this.token + ", secret=<hidden>]";
	}

}
