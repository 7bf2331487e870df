package io.reembed.web;

import io.reembed.orchestrator.Orchestrator;
import io.reembed.web.security.TenantAccess;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/tables}: a client's alias of a table rolled back to the collection it served before, by a token that
 * may submit for the client, and recorded in the audit log.
 */
@RestController
@RequestMapping("/api/tables")
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class TableController {

	private final Orchestrator orchestrator;

	private final TenantAccess access;

	private final ApiAudit audit;

	TableController(Orchestrator orchestrator, TenantAccess access, ApiAudit audit) {
		this.orchestrator = orchestrator;
		this.access = access;
		this.audit = audit;
	}

	/** Points the client's alias of the table back at the collection it served before its last switch. */
	@PostMapping("/{table}/rollback")
	Orchestrator.Rollback rollback(@PathVariable String table, @RequestParam String client) {
		this.access.requireSubmit(client);
		Orchestrator.Rollback rollback = this.orchestrator.rollback(table, client);
		this.audit.rolledBack(rollback);
		return rollback;
	}

}
