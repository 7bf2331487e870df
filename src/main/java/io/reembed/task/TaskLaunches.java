package io.reembed.task;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.reembed.cli.CommandLineArguments;
import io.reembed.job.BackfillParameters;

/**
 * How a launch becomes a Spring Cloud Task: the {@value #PROFILE} profile records it, and its task name follows from
 * what it works on, so that the single-instance lock lets one launch at a time work on a client's table.
 */
public final class TaskLaunches {

	/** The profile that records launches as task executions. */
	public static final String PROFILE = "task";

	/** The task name property; a scheduler that names its task (Spring Cloud Data Flow does) wins over ours. */
	static final String TASK_NAME = "spring.cloud.task.name";

	/** Spring Cloud Data Flow passes the execution it created for a launch. */
	private static final String EXECUTION_ID_ARGUMENT = "--spring.cloud.task.executionid=";

	private static final String JOB_NAME_ARGUMENT = "--spring.batch.job.name=";

	private static final int MAX_NAME_LENGTH = 100;

	private TaskLaunches() {
	}

	/**
	 * Profiles that depend on how the application was launched: a launch by Spring Cloud Data Flow (it passes
	 * {@code --spring.cloud.task.executionid}) is a task whatever its profiles, since Data Flow waits for the
	 * execution it created to end.
	 */
	public static String[] profilesFor(String[] args) {
		boolean launchedByDataFlow = Arrays.stream(args).anyMatch((arg) -> arg.startsWith(EXECUTION_ID_ARGUMENT));
		return launchedByDataFlow ? new String[] { PROFILE } : new String[0];
	}

	/** Defaults that depend on how the application was launched: the task name. */
	public static Map<String, Object> defaultPropertiesFor(String[] args) {
		Map<String, Object> defaults = new HashMap<>();
		taskName(args).ifPresent((name) -> defaults.put(TASK_NAME, name));
		return defaults;
	}

	/**
	 * The task name of a launch: {@code reembed-<job or command>[-<table>][-client-<client>]}, the same for
	 * {@code backfill --table issues --client 42} and {@code --spring.batch.job.name=backfill table=issues
	 * clientId=42}.
	 */
	static Optional<String> taskName(String[] args) {
		Optional<String> jobName = Arrays.stream(args)
			.filter((arg) -> arg.startsWith(JOB_NAME_ARGUMENT))
			.map((arg) -> arg.substring(JOB_NAME_ARGUMENT.length()))
			.findFirst();
		if (jobName.isPresent()) {
			return Optional.of(name(jobName.get(), jobParameter(args, BackfillParameters.TABLE),
					jobParameter(args, BackfillParameters.CLIENT_ID)));
		}
		CommandLineArguments arguments = CommandLineArguments.parse(args);
		return arguments.subcommand()
			.map((subcommand) -> name(subcommand.command(),
					arguments.option("table").or(() -> arguments.option("namespace")),
					arguments.option("client")));
	}

	private static Optional<String> jobParameter(String[] args, String name) {
		// Spring Boot's runner reads job parameters from every argument that is not an option, as name=value.
		return Arrays.stream(args)
			.filter((arg) -> !arg.startsWith("--") && arg.startsWith(name + "="))
			.map((arg) -> arg.substring(name.length() + 1))
			.reduce((first, last) -> last);
	}

	private static String name(String job, Optional<String> table, Optional<String> client) {
		StringBuilder name = new StringBuilder("reembed-").append(job);
		table.ifPresent((value) -> name.append('-').append(value));
		client.ifPresent((value) -> name.append("-client-").append(value));
		String safe = name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
		return (safe.length() > MAX_NAME_LENGTH) ? safe.substring(0, MAX_NAME_LENGTH) : safe;
	}

}
