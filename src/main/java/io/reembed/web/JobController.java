package io.reembed.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reembed.job.ServedModels;
import io.reembed.orchestrator.InvalidJobRequestException;
import io.reembed.orchestrator.JobFilter;
import io.reembed.orchestrator.JobRequest;
import io.reembed.orchestrator.JobState;
import io.reembed.orchestrator.OrchestratedJob;
import io.reembed.orchestrator.Orchestrator;
import io.reembed.web.security.ClientScope;
import io.reembed.web.security.TenantAccess;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/jobs}: submit jobs to the orchestrator's queue, list them, follow one, cancel and restart it. Each
 * request acts only for the clients of its API token, and what it changes is recorded in the audit log.
 */
@RestController
@RequestMapping("/api/jobs")
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class JobController {

	private final Orchestrator orchestrator;

	private final TenantAccess access;

	private final ApiAudit audit;

	private final ServedModels servedModels;

	JobController(Orchestrator orchestrator, TenantAccess access, ApiAudit audit, ServedModels servedModels) {
		this.orchestrator = orchestrator;
		this.access = access;
		this.audit = audit;
		this.servedModels = servedModels;
	}

	/**
	 * Queues one job: 202 with its id. A re-embed of a namespace without a client queues one job per client whose
	 * alias serves the source model, all or none: 202 with their ids.
	 */
	@PostMapping
	ResponseEntity<Map<String, Object>> submit(@RequestBody JobSubmission submission) {
		List<JobRequest> requests = submission.toRequests(this.servedModels);
		requests.forEach((request) -> this.access.requireSubmit(request.clientId()));
		List<Long> ids = this.orchestrator.submit(requests);
		for (int i = 0; i < ids.size(); i++) {
			this.audit.submitted(ids.get(i), requests.get(i));
		}
		if (ids.size() > 1) {
			return ResponseEntity.accepted().body(Map.of("ids", ids, "status", JobState.PENDING.name()));
		}
		return ResponseEntity.accepted()
			.location(URI.create("/api/jobs/" + ids.get(0)))
			.body(Map.of("id", ids.get(0), "status", JobState.PENDING.name()));
	}

	/**
	 * Queues several jobs, all checked before any is queued, the caller's right to submit for each job's client
	 * included: 202 with their ids, in the order given.
	 */
	@PostMapping("/bulk")
	ResponseEntity<Map<String, Object>> submitAll(@RequestBody List<@Nullable JobSubmission> submissions) {
		List<JobRequest> requests = new ArrayList<>(submissions.size());
		for (int i = 0; i < submissions.size(); i++) {
			JobSubmission submission = submissions.get(i);
			try {
				if (submission == null) {
					throw new InvalidJobRequestException("a job must be a JSON object, not null");
				}
				requests.addAll(submission.toRequests(this.servedModels));
			}
			catch (InvalidJobRequestException ex) {
				throw new InvalidJobRequestException("Job " + i + ": " + ex.getMessage(), ex);
			}
		}
		for (int i = 0; i < requests.size(); i++) {
			try {
				this.access.requireSubmit(requests.get(i).clientId());
			}
			catch (AccessDeniedException ex) {
				throw new AccessDeniedException("Job " + i + ": " + ex.getMessage(), ex);
			}
		}
		List<Long> ids = this.orchestrator.submit(requests);
		for (int i = 0; i < ids.size(); i++) {
			this.audit.submitted(ids.get(i), requests.get(i));
		}
		return ResponseEntity.accepted().body(Map.of("ids", ids, "status", JobState.PENDING.name()));
	}

	/** Jobs of the clients the caller may read, newest first, optionally of one status, client or table. */
	@GetMapping
	List<JobView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String client,
			@RequestParam(required = false) @Nullable String table,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > JobFilter.MAX_LIMIT) {
			throw new InvalidJobRequestException("limit must be between 1 and " + JobFilter.MAX_LIMIT);
		}
		ClientScope scope = this.access.readableClients();
		if (client != null) {
			this.access.requireRead(client);
		}
		JobFilter filter = new JobFilter((status != null) ? JobState.parse(status) : null, client, table,
				scope.all() ? null : scope.clientIds(), limit);
		return this.orchestrator.jobs(filter).stream().map(JobView::of).toList();
	}

	/** A job with its progress, steps, errors, dead letters and quality report. */
	@GetMapping("/{id}")
	JobView get(@PathVariable long id) {
		this.access.requireRead(this.orchestrator.job(id).clientId());
		return JobView.of(this.orchestrator.details(id));
	}

	/** Cancels a job: a queued one leaves the queue, a running one stops at its next chunk boundary. */
	@PostMapping("/{id}/cancel")
	ResponseEntity<JobView> cancel(@PathVariable long id) {
		OrchestratedJob job = this.orchestrator.job(id);
		this.access.requireSubmit(job.clientId());
		OrchestratedJob cancelled = this.orchestrator.cancel(id);
		this.audit.cancelled(job, cancelled);
		return ResponseEntity.accepted().body(JobView.of(cancelled));
	}

	/** Queues a failed or cancelled job again; it resumes from its last committed chunk. */
	@PostMapping("/{id}/restart")
	ResponseEntity<JobView> restart(@PathVariable long id) {
		OrchestratedJob job = this.orchestrator.job(id);
		this.access.requireSubmit(job.clientId());
		OrchestratedJob restarted = this.orchestrator.restart(id);
		this.audit.restarted(job, restarted);
		return ResponseEntity.accepted().body(JobView.of(restarted));
	}

}
