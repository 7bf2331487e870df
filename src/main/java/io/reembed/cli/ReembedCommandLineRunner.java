package io.reembed.cli;

import java.util.Arrays;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * Runs the subcommand the process was started with and keeps its exit code for {@code SpringApplication.exit}.
 */
public final class ReembedCommandLineRunner implements ApplicationRunner, ExitCodeGenerator {

	private static final Logger logger = LoggerFactory.getLogger(ReembedCommandLineRunner.class);

	private final Map<Subcommand, Command> commands;

	private final Console console;

	private int exitCode = ExitCodes.COMPLETED;

	ReembedCommandLineRunner(Map<Subcommand, Command> commands, Console console) {
		this.commands = commands;
		this.console = console;
	}

	/** One subcommand's action: its exit code. */
	@FunctionalInterface
	interface Command {

		int run(CommandLineArguments arguments) throws Exception;

	}

	@Override
	public void run(ApplicationArguments args) {
		this.exitCode = execute(args.getSourceArgs());
	}

	/**
	 * Runs one command line and returns its exit code.
	 */
	public int execute(String[] args) {
		CommandLineArguments arguments = CommandLineArguments.parse(args);
		if (arguments.unknownCommand().isPresent()) {
			this.console.err().printf("Unknown command '%s'%n", arguments.unknownCommand().get());
			printHelp();
			return ExitCodes.USAGE;
		}
		Subcommand subcommand = arguments.subcommand().orElse(Subcommand.HELP);
		Command command = this.commands.get(subcommand);
		if (command == null) {
			printHelp();
			return (subcommand == Subcommand.HELP) ? ExitCodes.COMPLETED : ExitCodes.USAGE;
		}
		try {
			return command.run(arguments);
		}
		catch (UsageException ex) {
			this.console.err().printf("%s: %s%n", subcommand.command(), ex.getMessage());
			return ExitCodes.USAGE;
		}
		catch (Exception ex) {
			logger.debug("{} failed", subcommand.command(), ex);
			this.console.err().printf("%s failed: %s%n", subcommand.command(), FailureReasons.describe(ex));
			return ExitCodes.FAILED;
		}
	}

	private void printHelp() {
		this.console.out().println("Usage: java -jar reembed.jar <command> [options]");
		Arrays.stream(Subcommand.values())
			.forEach((s) -> this.console.out().printf("  %-9s %s%n", s.command(), s.description()));
		this.console.out()
			.println("""

					backfill --client 42 [--table issues] [--vector-type content] [--model all-minilm-l6-v2] [--store lucene|qdrant] [--incremental] [--sync-deletes]
					plan     [--table issues] [--client 42] [--model text-embedding-3-small] [--vector-type content]
					reembed  --table issues --client 42 --from all-minilm-l6-v2 --to bge-small-en-v15 [--vector-type content (measured by the quality gate)]
					reembed  --namespace issues --source-model all-minilm-l6-v2 --target-model bge-small-en-v15 (every client whose alias serves the source model)
					search   --table issues --client 42 [--limit 5] "login fails after password reset"
					rollback --table issues [--client 42]
					cleanup  --table issues [--keep 1]
					token    create --name ci --client 42 [--client 7] --role submit [--role read]  (admin: --role admin, no --client)
					token    list
					token    revoke --name ci
					audit    verify
					status   [--execution 12] [--limit 20]
					restart  --execution 12
					stop     --execution 12
					recover  [--execution 12]
					serve    [--server.port=8080] [--reembed.orchestrator.max-concurrent-jobs=3]

					Spring Boot convention: --spring.batch.job.name=backfill table=issues clientId=42""");
	}

	@Override
	public int getExitCode() {
		return this.exitCode;
	}

}
