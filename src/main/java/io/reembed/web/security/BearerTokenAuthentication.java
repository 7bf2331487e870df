package io.reembed.web.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request's bearer token, before it is checked against the stored tokens.
 */
final class BearerTokenAuthentication extends AbstractAuthenticationToken {

	private final String secret;

	BearerTokenAuthentication(String secret) {
		super(List.of());
		this.secret = secret;
		setAuthenticated(false);
	}

	@Override
	public String getCredentials() {
		return this.secret;
	}

	@Override
	public String getPrincipal() {
		return "bearer token";
	}

	@Override
	public String toString() {
		return "BearerTokenAuthentication[secret=<hidden>]";
	}

}
