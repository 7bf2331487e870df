package io.reembed.cli;

import io.reembed.audit.AuditBreak;
import io.reembed.audit.AuditLog;
import io.reembed.audit.AuditVerification;

/**
 * {@code audit verify}: checks the audit log's hash chain.
 */
final class AuditCommands {

	private final AuditLog auditLog;

	private final Console console;

	AuditCommands(AuditLog auditLog, Console console) {
		this.auditLog = auditLog;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		String action = arguments.positional()
			.stream()
			.findFirst()
			.orElseThrow(() -> new UsageException("say verify, e.g. audit verify"));
		if (!action.equals("verify")) {
			throw new UsageException("Unknown action '" + action + "': verify");
		}
		return verify();
	}

	private int verify() {
		AuditVerification verification = this.auditLog.verify();
		AuditBreak broken = verification.firstBreak();
		if (broken != null) {
			this.console.err()
				.printf("audit verify: the audit log was tampered with: %s (the %d entries before it are intact)%n",
						broken, verification.entries());
			return ExitCodes.FAILED;
		}
		this.console.out()
			.printf("Audit log intact: %d entries, last hash %s%n", verification.entries(),
					verification.headHash());
		return ExitCodes.COMPLETED;
	}

}
