package io.reembed.web.security;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed {@link TenantAccess} check from a controller: 403, or 401 when the request carries no token.
 * It comes first among the advices, so that an API's catch-all handler cannot turn either into a 500.
 */
@RestControllerAdvice
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class AccessExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> forbidden(AccessDeniedException exception) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem(HttpStatus.FORBIDDEN, exception.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unauthorized(AuthenticationException exception) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, BearerTokenEntryPoint.CHALLENGE)
			.body(problem(HttpStatus.UNAUTHORIZED, exception.getMessage()));
	}

	private static ProblemDetail problem(HttpStatus status, @Nullable String message) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
		// The REST API's own errors carry their message as "error": a client reads a refusal the same way.
		problem.setProperty("error", message);
		return problem;
	}

}
