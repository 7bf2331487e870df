package io.reembed.cli;

import java.util.List;
import java.util.Optional;

import io.reembed.config.TableCatalog;
import io.reembed.job.BackfillParameters;
import io.reembed.job.JobProgress;
import io.reembed.job.ReembedJobConfiguration;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ReembedParameters;
import io.reembed.job.ServedModels;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code reembed --table issues --client 42 --from all-minilm-l6-v2 --to bge-small-en-v15}: moves a client's
 * rows of a table to another model, prints the quality report, and switches the client's alias when it passes.
 * In the design notes' form, {@code reembed --namespace issues --source-model all-minilm-l6-v2 --target-model
 * bge-small-en-v15}, without a client, it moves every client whose alias of the table serves the source model, in
 * turn.
 */
final class ReembedCommand {

	private final ReembedLauncher launcher;

	private final TableCatalog catalog;

	private final JobProgress progress;

	private final ServedModels servedModels;

	private final Console console;

	ReembedCommand(ReembedLauncher launcher, TableCatalog catalog, JobProgress progress, ServedModels servedModels,
			Console console) {
		this.launcher = launcher;
		this.catalog = catalog;
		this.progress = progress;
		this.servedModels = servedModels;
		this.console = console;
	}

	int run(CommandLineArguments arguments) throws Exception {
		String table = this.catalog.get(either(arguments, "table", "namespace", "issues")).table();
		String source = either(arguments, "from", "source-model", "all-minilm-l6-v2");
		String target = either(arguments, "to", "target-model", "bge-small-en-v15");
		String vectorType = arguments.option("vector-type").orElse(BackfillParameters.DEFAULT_VECTOR_TYPE);
		List<String> clients = arguments.option("client")
			.map(List::of)
			.orElseGet(() -> this.servedModels.clientsServing(table, source));
		if (clients.isEmpty()) {
			throw new IllegalStateException("No client's alias of table '" + table + "' serves model '" + source
					+ "': nothing to re-embed");
		}
		int exitCode = ExitCodes.COMPLETED;
		for (String client : clients) {
			JobExecution execution = reembed(new ReembedParameters(table, client, vectorType, source, target, null));
			exitCode = Math.max(exitCode, ExitCodes.of(execution.getStatus()));
		}
		return exitCode;
	}

	/** An option that has a second name, the design notes' one; naming both differently is refused. */
	private static String either(CommandLineArguments arguments, String name, String otherName, String example) {
		Optional<String> value = arguments.option(name);
		Optional<String> other = arguments.option(otherName);
		if (value.isPresent() && other.isPresent() && !value.equals(other)) {
			throw new UsageException("--" + name + " and --" + otherName + " name the same thing: give one of them");
		}
		return value.or(() -> other).orElseThrow(() -> new UsageException(
				"--" + name + " (or --" + otherName + ") is required, e.g. --" + name + " " + example));
	}

	JobExecution reembed(ReembedParameters parameters) throws Exception {
		JobExecution execution;
		try (ProgressBars bar = ProgressBars.show(
				parameters.table() + " client " + parameters.clientId() + " -> " + parameters.targetModel(),
				this.progress)) {
			execution = this.launcher.launch(parameters);
		}
		// The next bar must not start from this execution's counts.
		this.progress.forget(execution.getId());
		var context = execution.getExecutionContext();
		if (context.containsKey(ReembedJobConfiguration.QUALITY_REPORT_KEY)) {
			this.console.out().print(context.getString(ReembedJobConfiguration.QUALITY_REPORT_KEY));
		}
		BackfillCommand.report(this.console, execution);
		if (context.containsKey(ReembedJobConfiguration.SWITCHED_KEY)) {
			this.console.out().printf("Switched %s%n", context.getString(ReembedJobConfiguration.SWITCHED_KEY));
		}
		return execution;
	}

}
