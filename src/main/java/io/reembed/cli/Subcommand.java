package io.reembed.cli;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The reembed subcommands.
 */
public enum Subcommand {

	BACKFILL("backfill a table, or every table of a client, into the vector store"),
	PLAN("count what backfilling tables would take: rows, tokens, requests, cost, time, and which model"),
	REEMBED("move a client's rows of a table to another model: a new collection, a quality gate, an atomic switch"),
	RESTART("restart a failed or stopped job execution"),
	STOP("ask a running job execution to stop after its current chunk"),
	RECOVER("mark executions left STARTED by a killed process as FAILED, so they can be restarted"),
	STATUS("list recent job executions"),
	SEARCH("semantic search of a table for one client"),
	ROLLBACK("point a table's client aliases back at the collections they served before"),
	CLEANUP("delete a table's collections that no alias serves, keeping the most recent ones"),
	TOKEN("create, list or revoke the API tokens of the server"),
	AUDIT("verify the hash chain of the audit log"),
	DEMO("load the demo tables, backfill them and search them"),
	SERVE("run the orchestrator: a priority queue of jobs, drained by a scheduler, with a REST API on server.port"),
	WORKER("run the partitions that managers (reembed.remote.enabled) send over RabbitMQ, until stopped"),
	HELP("print this help");

	/** The profile of {@code serve}. */
	public static final String SERVE_PROFILE = "serve";

	/** The profile of {@code worker}. */
	public static final String WORKER_PROFILE = "worker";

	private final String description;

	Subcommand(String description) {
		this.description = description;
	}

	public String description() {
		return this.description;
	}

	public String command() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<Subcommand> parse(String word) {
		return Arrays.stream(values()).filter((s) -> s.command().equals(word)).findFirst();
	}

	/** Whether the process runs until it is stopped rather than until its command ends. */
	public static boolean isServer(String[] args) {
		return CommandLineArguments.parse(args).subcommand().filter((s) -> s == SERVE || s == WORKER).isPresent();
	}

	/**
	 * Profiles that depend on how the application was launched: {@code serve} adds the {@value #SERVE_PROFILE}
	 * profile, which turns the web server and the orchestrator on, and {@code worker} the {@value #WORKER_PROFILE}
	 * profile, which takes partition requests from RabbitMQ.
	 */
	public static String[] profilesFor(String[] args) {
		return CommandLineArguments.parse(args)
			.subcommand()
			.map((s) -> switch (s) {
				case SERVE -> new String[] { SERVE_PROFILE };
				case WORKER -> new String[] { WORKER_PROFILE };
				default -> new String[0];
			})
			.orElseGet(() -> new String[0]);
	}

	/**
	 * Defaults that depend on how the application was launched: a subcommand (or nothing) turns Spring Boot's own
	 * job runner off; {@code --spring.batch.job.name=...} leaves it on.
	 */
	public static Map<String, Object> defaultPropertiesFor(String[] args) {
		Map<String, Object> defaults = new HashMap<>();
		boolean bootConvention = Arrays.stream(args).anyMatch((a) -> a.startsWith("--spring.batch.job.name="));
		defaults.put("spring.batch.job.enabled", Boolean.toString(bootConvention));
		defaults.put("reembed.cli.enabled", Boolean.toString(!bootConvention));
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--store") && i + 1 < args.length) {
				defaults.put("reembed.store.type", args[i + 1]);
			}
			else if (args[i].startsWith("--store=")) {
				defaults.put("reembed.store.type", args[i].substring("--store=".length()));
			}
		}
		if (!bootConvention && !isServer(args)) {
			// A command's own output is the report; framework chatter would bury it.
			defaults.put("spring.main.banner-mode", "off");
			defaults.put("logging.level.root", "WARN");
		}
		return defaults;
	}

}
