package io.reembed.cli;

import io.reembed.config.ReembedProperties;
import io.reembed.config.ReembedProperties.Remote;

/**
 * {@code worker}: by the time commands run, the {@code worker} profile is taking partition requests from the queue;
 * this says which, and the process keeps working until it is stopped.
 */
final class WorkerCommand {

	private final ReembedProperties properties;

	private final Console console;

	WorkerCommand(ReembedProperties properties, Console console) {
		this.properties = properties;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		Remote remote = this.properties.remote();
		if (!remote.worker().enabled()) {
			throw new UsageException("this process takes no partitions: worker needs the worker profile");
		}
		this.console.out()
			.printf("reembed worker is taking partitions from queue '%s', %d at a time%n", remote.queue(),
					remote.worker().concurrency());
		return ExitCodes.COMPLETED;
	}

}
