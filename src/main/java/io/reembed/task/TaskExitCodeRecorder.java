package io.reembed.task;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeEvent;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells Spring Cloud Task the exit code the process is about to exit with, once the other runners have run. Spring
 * Cloud Task records the end of a task when the application is ready, right after the runners, but takes an exit
 * code only from an {@link ExitCodeEvent}, which Spring Boot publishes later, as the process exits: a subcommand
 * that failed would be recorded as a task that succeeded.
 */
final class TaskExitCodeRecorder implements ApplicationRunner {

	private final ApplicationEventPublisher eventPublisher;

	private final ObjectProvider<ExitCodeGenerator> exitCodeGenerators;

	TaskExitCodeRecorder(ApplicationEventPublisher eventPublisher,
			ObjectProvider<ExitCodeGenerator> exitCodeGenerators) {
		this.eventPublisher = eventPublisher;
		this.exitCodeGenerators = exitCodeGenerators;
	}

	@Override
	public void run(ApplicationArguments args) {
		// The first exit code that is not 0, as SpringApplication.exit takes it.
		int exitCode = this.exitCodeGenerators.orderedStream()
			.mapToInt(ExitCodeGenerator::getExitCode)
			.filter((code) -> code != 0)
			.findFirst()
			.orElse(0);
		if (exitCode != 0) {
			this.eventPublisher.publishEvent(new ExitCodeEvent(this, exitCode));
		}
	}

}
