package io.reembed.cli;

import io.reembed.config.TableCatalog;
import io.reembed.job.BackfillParameters;
import io.reembed.job.JobProgress;
import io.reembed.job.ReembedJobConfiguration;
import io.reembed.job.ReembedLauncher;
import io.reembed.job.ReembedParameters;

import org.springframework.batch.core.job.JobExecution;

/**
 * {@code reembed --table issues --client 42 --from all-minilm-l6-v2 --to bge-small-en-v15}: moves a client's
 * rows of a table to another model, prints the quality report, and switches the client's alias when it passes.
 */
final class ReembedCommand {

	private final ReembedLauncher launcher;

	private final TableCatalog catalog;

	private final JobProgress progress;

	private final Console console;

	ReembedCommand(ReembedLauncher launcher, TableCatalog catalog, JobProgress progress, Console console) {
		this.launcher = launcher;
		this.catalog = catalog;
		this.progress = progress;
		this.console = console;
	}

	int run(CommandLineArguments arguments) throws Exception {
		String table = this.catalog.get(arguments.required("table", "issues")).table();
		ReembedParameters parameters = new ReembedParameters(table, arguments.required("client", "42"),
				arguments.option("vector-type").orElse(BackfillParameters.DEFAULT_VECTOR_TYPE),
				arguments.required("from", "all-minilm-l6-v2"), arguments.required("to", "bge-small-en-v15"), null);
		return ExitCodes.of(reembed(parameters).getStatus());
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
