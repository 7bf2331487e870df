package io.reembed.web;

import java.util.Map;

import io.reembed.orchestrator.NotFoundException;
import io.reembed.orchestrator.OrchestratedJob;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.web.security.TenantAccess;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/jobs/{id}/events}: a job's progress as server-sent events, every second until it ends.
 */
@RestController
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class JobEventsController {

	private final Orchestrator orchestrator;

	private final TenantAccess access;

	private final JobEventStreams streams;

	JobEventsController(Orchestrator orchestrator, TenantAccess access, JobEventStreams streams) {
		this.orchestrator = orchestrator;
		this.access = access;
		this.streams = streams;
	}

	/**
	 * Streams the job as {@code GET /api/jobs/{id}} shows it: {@code progress} events while it may change, then one
	 * {@code end} event with its final state.
	 */
	@GetMapping(path = "/api/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@PathVariable long id) {
		OrchestratedJob job = this.orchestrator.job(id);
		this.access.requireRead(job.clientId());
		return this.streams.open(id, this.access.caller());
	}

	// The request asked for an event stream: the error's type is set here, or no converter would write it.

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<Map<String, String>> notFound(NotFoundException ex) {
		return error(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException ex) {
		return error(HttpStatus.BAD_REQUEST, "'" + ex.getValue() + "' is not a valid " + ex.getName());
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(Map.of("error", message));
	}

}
