package io.reembed.cli;

import org.springframework.core.env.Environment;

/**
 * {@code serve}: by the time commands run, the {@code serve} profile has started the web server and the scheduler;
 * this says where, and the process keeps serving until it is stopped.
 */
final class ServeCommand {

	private final Environment environment;

	private final Console console;

	ServeCommand(Environment environment, Console console) {
		this.environment = environment;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		String port = this.environment.getProperty("local.server.port");
		if (port == null) {
			throw new UsageException("no web server is running: serve needs the serve profile");
		}
		this.console.out().printf("reembed is serving on port %s: the REST API under /api/jobs%n", port);
		return ExitCodes.COMPLETED;
	}

}
