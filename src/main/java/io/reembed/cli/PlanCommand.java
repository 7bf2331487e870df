package io.reembed.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.reembed.config.TableCatalog;
import io.reembed.job.BackfillParameters;
import io.reembed.job.ServedModels;
import io.reembed.plan.BackfillPlanner;
import io.reembed.plan.Pace;
import io.reembed.plan.TablePlan;
import io.reembed.source.TableDefinition;
import org.jspecify.annotations.Nullable;

/**
 * {@code plan [--table issues] [--client 42] [--model m] [--vector-type content]}: what backfilling each table of
 * each client would take (rows, tokens, requests, cost, time) and with which model, counted without embedding; and
 * the model drift the server would act on: aliases serving another model than their table's definition names.
 */
final class PlanCommand {

	private final BackfillPlanner planner;

	private final TableCatalog catalog;

	private final ServedModels servedModels;

	private final Console console;

	PlanCommand(BackfillPlanner planner, TableCatalog catalog, ServedModels servedModels, Console console) {
		this.planner = planner;
		this.catalog = catalog;
		this.servedModels = servedModels;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		List<String> tables = arguments.option("table")
			.map(List::of)
			.orElseGet(() -> this.catalog.byPriority().stream().map(TableDefinition::table).toList());
		String vectorType = arguments.option("vector-type").orElse(BackfillParameters.DEFAULT_VECTOR_TYPE);
		@Nullable String client = arguments.option("client").orElse(null);
		@Nullable String model = arguments.option("model").orElse(null);
		List<TablePlan> plans = new ArrayList<>();
		for (String table : tables) {
			plans.addAll(this.planner.plan(table, client, vectorType, model));
		}
		print(plans, vectorType);
		printDrift(plans);
		return ExitCodes.COMPLETED;
	}

	/** The drift {@code serve} queues a re-embed for, shown without acting on it. */
	private void printDrift(List<TablePlan> plans) {
		List<String> drifts = new ArrayList<>();
		for (TablePlan plan : plans) {
			String configured = this.catalog.get(plan.table()).model();
			if (configured == null) {
				continue;
			}
			this.servedModels.of(plan.table(), plan.clientId())
				.filter((served) -> !served.model().equals(configured))
				.ifPresent((served) -> drifts.add(String.format(Locale.ROOT,
						"  %s serves %s, table '%s' names %s: serve queues a re-embed (reembed.orchestrator."
								+ "auto-reembed), or run reembed --table %s --client %s --from %s --to %s",
						served.alias(), served.model(), plan.table(), configured, plan.table(), plan.clientId(),
						served.model(), configured)));
		}
		if (!drifts.isEmpty()) {
			this.console.out().printf("%nModel drift:%n");
			drifts.forEach(this.console.out()::println);
		}
	}

	private void print(List<TablePlan> plans, String vectorType) {
		this.console.out()
			.printf("Backfill plan of vector type '%s': rows counted, texts tokenized, nothing embedded%n%n",
					vectorType);
		TextTable table = new TextTable(TextTable.Column.left("table"), TextTable.Column.left("client"),
				TextTable.Column.right("rows"), TextTable.Column.right("empty"), TextTable.Column.right("tokens"),
				TextTable.Column.right("truncated"), TextTable.Column.right("requests"),
				TextTable.Column.right("cost USD"), TextTable.Column.left("time"), TextTable.Column.left("model"));
		long rows = 0;
		long empty = 0;
		long tokens = 0;
		long truncated = 0;
		long requests = 0;
		BigDecimal cost = BigDecimal.ZERO;
		Duration time = Duration.ZERO;
		boolean quotaBound = false;
		boolean machineBound = false;
		for (TablePlan plan : plans) {
			table.add(plan.table(), plan.clientId(), count(plan.rows()), count(plan.emptyTexts()),
					count(plan.tokens()), count(plan.truncated()), count(plan.requests()), cost(plan.cost()),
					time(plan.pace()), plan.model().model() + ": " + plan.model().reason());
			rows += plan.rows();
			empty += plan.emptyTexts();
			tokens += plan.tokens();
			truncated += plan.truncated();
			requests += plan.requests();
			cost = cost.add(plan.cost());
			Duration planTime = plan.pace().time();
			if (planTime != null) {
				time = time.plus(planTime);
				quotaBound = true;
			}
			else {
				machineBound = true;
			}
		}
		String totalTime = quotaBound ? duration(time) : "";
		if (machineBound) {
			totalTime = quotaBound ? totalTime + " + " + Pace.THIS_MACHINE : Pace.THIS_MACHINE;
		}
		table.add("total", "", count(rows), count(empty), count(tokens), count(truncated), count(requests),
				cost(cost), totalTime, "");
		table.print(this.console.out());
		this.console.out()
			.printf("%nempty: rows whose template gives no text, which a backfill dead-letters.%n"
					+ "time: at the tokens- and requests-per-minute quota of the provider that would serve the model "
					+ "(reembed.providers.*.quota,%n      used up to reembed.providers.quota-utilization); a local "
					+ "model's time is bound by this machine, not a quota.%n");
	}

	private static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	private static String cost(BigDecimal value) {
		return String.format(Locale.ROOT, "%,.4f", value);
	}

	private static String time(Pace pace) {
		Duration time = pace.time();
		return (time != null) ? duration(time) + " at " + pace.boundBy() : pace.boundBy();
	}

	static String duration(Duration duration) {
		long seconds = (duration.toMillis() + 500) / 1000;
		if (seconds >= 3600) {
			return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
		}
		if (seconds >= 60) {
			return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
		}
		return (seconds == 0 && !duration.isZero()) ? "<1s" : seconds + "s";
	}

}
