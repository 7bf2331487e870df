package io.reembed.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>}. A request without one stays anonymous, and the authorization rules
 * decide whether that is enough.
 */
final class BearerTokenConverter implements AuthenticationConverter {

	private static final String BEARER = "Bearer ";

	@Override
	public @Nullable BearerTokenAuthentication convert(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		String secret = header.substring(BEARER.length()).strip();
		if (secret.isEmpty()) {
			throw new BadCredentialsException("Empty bearer token");
		}
		return new BearerTokenAuthentication(secret);
	}

}
