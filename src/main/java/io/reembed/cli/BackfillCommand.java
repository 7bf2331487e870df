package io.reembed.cli;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import io.reembed.config.TableCatalog;
import io.reembed.job.BackfillLauncher;
import io.reembed.job.BackfillModels;
import io.reembed.job.BackfillOptions;
import io.reembed.job.BackfillParameters;
import io.reembed.job.JobProgress;
import io.reembed.job.ModelChoice;
import io.reembed.source.TableDefinition;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * {@code backfill --client 42 [--table issues] [--vector-type content] [--model all-minilm-l6-v2]}: one table, or
 * every configured table of the client, highest priority first.
 */
final class BackfillCommand {

	private final BackfillLauncher launcher;

	private final TableCatalog catalog;

	private final JobProgress progress;

	private final BackfillModels models;

	private final Console console;

	BackfillCommand(BackfillLauncher launcher, TableCatalog catalog, JobProgress progress, BackfillModels models,
			Console console) {
		this.launcher = launcher;
		this.catalog = catalog;
		this.progress = progress;
		this.models = models;
		this.console = console;
	}

	int run(CommandLineArguments arguments) throws Exception {
		String clientId = arguments.required("client", "42");
		List<String> tables = arguments.option("table")
			.map(List::of)
			.orElseGet(() -> this.catalog.byPriority().stream().map(TableDefinition::table).toList());
		String vectorType = arguments.option("vector-type").orElse(BackfillParameters.DEFAULT_VECTOR_TYPE);
		Optional<String> model = arguments.option("model");
		BackfillOptions options = new BackfillOptions(
				arguments.option("incremental").map(Boolean::parseBoolean).orElse(false),
				arguments.option("sync-deletes").map(Boolean::parseBoolean).orElse(false));
		int exitCode = ExitCodes.COMPLETED;
		for (String table : tables) {
			ModelChoice choice = this.models.choose(table, clientId, model.orElse(null));
			if (model.isEmpty()) {
				this.console.out().printf("Table '%s' for client %s: %s%n", table, clientId, choice.description());
			}
			JobExecution execution = backfill(
					new BackfillParameters(table, clientId, vectorType, choice.model(), null), options);
			exitCode = Math.max(exitCode, ExitCodes.of(execution.getStatus()));
			if (execution.getStatus() != BatchStatus.COMPLETED) {
				break;
			}
		}
		return exitCode;
	}

	JobExecution backfill(BackfillParameters parameters, BackfillOptions options) throws Exception {
		JobExecution execution;
		try (ProgressBars bar = ProgressBars.show(parameters.table() + " client " + parameters.clientId(),
				this.progress)) {
			execution = this.launcher.launch(parameters, options);
		}
		// The next bar must not start from this execution's counts.
		this.progress.forget(execution.getId());
		report(this.console, execution);
		return execution;
	}

	static void report(Console console, JobExecution execution) {
		RowCounts rows = RowCounts.of(execution);
		LocalDateTime start = execution.getStartTime();
		// A listener reports before the execution's end time is set.
		LocalDateTime end = (execution.getEndTime() != null) ? execution.getEndTime() : LocalDateTime.now();
		Duration duration = (start != null) ? Duration.between(start, end) : Duration.ZERO;
		var parameters = execution.getJobParameters();
		console.out()
			.printf("%s of table '%s' for client %s: %s (execution %d) - %d rows read, %d embedded, %s%d dead-lettered in %.1f s, %s%n",
					execution.getJobInstance().getJobName(), parameters.getString(BackfillParameters.TABLE),
					parameters.getString(BackfillParameters.CLIENT_ID), execution.getStatus(), execution.getId(),
					rows.read(), rows.written(), (rows.unchanged() > 0) ? rows.unchanged() + " unchanged, " : "",
					rows.skipped(), duration.toMillis() / 1000.0,
					ProgressBars.rate(rows.read(), duration));
		if (execution.getStatus() != BatchStatus.COMPLETED) {
			console.err()
				.printf("%s of table '%s' for client %s ended %s: %s%n", execution.getJobInstance().getJobName(),
						parameters.getString(BackfillParameters.TABLE),
						parameters.getString(BackfillParameters.CLIENT_ID), execution.getStatus(),
						FailureReasons.of(execution));
		}
	}

}
