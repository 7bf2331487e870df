package io.reembed.web.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * 401 with a bearer challenge (RFC 6750): for a request without a token, and for one whose token is unknown or
 * revoked ({@code invalid_token}).
 */
final class BearerTokenEntryPoint implements AuthenticationEntryPoint {

	static final String CHALLENGE = "Bearer realm=\"reembed\"";

	private static final String INVALID_TOKEN_CHALLENGE = CHALLENGE + ", error=\"invalid_token\"";

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String challenge = (exception instanceof BadCredentialsException) ? INVALID_TOKEN_CHALLENGE : CHALLENGE;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.sendError(HttpStatus.UNAUTHORIZED.value(), HttpStatus.UNAUTHORIZED.getReasonPhrase());
	}

}
