package io.reembed.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Authenticates a bearer token by the stored hash of an active API token.
 */
public final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

	private final ApiTokens tokens;

	public ApiTokenAuthenticationProvider(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String secret = ((BearerTokenAuthentication) authentication).getCredentials();
		return this.tokens.authenticate(secret)
			.map(ApiTokenAuthentication::new)
			.orElseThrow(() -> new BadCredentialsException("Unknown or revoked API token"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return BearerTokenAuthentication.class.isAssignableFrom(authentication);
	}

}
