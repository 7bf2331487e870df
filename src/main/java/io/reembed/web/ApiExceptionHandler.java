package io.reembed.web;

import java.util.Map;

import io.reembed.orchestrator.ConflictException;
import io.reembed.orchestrator.InvalidJobRequestException;
import io.reembed.orchestrator.NotFoundException;
import org.slf4j.Logger;
import tools.jackson.core.JacksonException;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The REST API's errors as {@code {"error": "..."}} with their status: 400 for a request that cannot be carried out
 * as written, 404 for a job, table or alias that does not exist, 409 for a request that does not fit the job's state.
 * A token's refusal, 401 or 403, is {@link io.reembed.web.security.AccessExceptionHandler}'s to answer: it comes
 * before this one, which handles none of the security exceptions.
 */
@RestControllerAdvice(assignableTypes = { JobController.class, TableController.class })
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	/** Longest parser message passed on: it may quote the request, which can be long. */
	private static final int MAX_DETAIL = 200;

	@ExceptionHandler(InvalidJobRequestException.class)
	ResponseEntity<Map<String, String>> invalid(InvalidJobRequestException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestBodyTooLargeException tooLarge) {
				return error(HttpStatus.BAD_REQUEST, tooLarge.getMessage());
			}
		}
		logger.debug("Unreadable request body", ex);
		Throwable cause = ex.getMostSpecificCause();
		if (cause == ex) {
			// Spring's own message names the controller method.
			return error(HttpStatus.BAD_REQUEST, "Request body is missing: a JSON job is expected");
		}
		// Jackson's own message, without the location it adds, which names no source here.
		String detail = (cause instanceof JacksonException jackson) ? jackson.getOriginalMessage() : cause.getMessage();
		return error(HttpStatus.BAD_REQUEST, "Malformed JSON request body: "
				+ ((detail != null) ? abbreviate(firstLine(detail)) : "it cannot be read"));
	}

	@ExceptionHandler(RequestBodyTooLargeException.class)
	ResponseEntity<Map<String, String>> tooLarge(RequestBodyTooLargeException ex) {
		return error(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, "'" + ex.getValue() + "' is not a valid " + ex.getName());
	}

	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<Map<String, String>> missing(MissingServletRequestParameterException ex) {
		return error(HttpStatus.BAD_REQUEST, "Parameter '" + ex.getParameterName() + "' is required");
	}

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<Map<String, String>> notFound(NotFoundException ex) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(ConflictException.class)
	ResponseEntity<Map<String, String>> conflict(ConflictException ex) {
		return error(HttpStatus.CONFLICT, ex.getMessage());
	}

	static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
		return ResponseEntity.status(status).body(Map.of("error", message));
	}

	private static String abbreviate(String text) {
		return (text.length() > MAX_DETAIL) ? text.substring(0, MAX_DETAIL) + "..." : text;
	}

	private static String firstLine(String text) {
		int newline = text.indexOf('\n');
		return (newline >= 0) ? text.substring(0, newline) : text;
	}

}
