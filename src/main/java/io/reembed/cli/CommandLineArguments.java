package io.reembed.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A subcommand's arguments: {@code --name value} or {@code --name=value} options, which may repeat, and positional
 * words. Spring properties ({@code --spring.*}, {@code --reembed.*}, {@code --logging.*}) belong to Spring Boot and
 * are left out.
 */
public final class CommandLineArguments {

	private final @Nullable Subcommand subcommand;

	private final @Nullable String unknownCommand;

	private final Map<String, List<String>> options;

	private final List<String> positional;

	private CommandLineArguments(@Nullable Subcommand subcommand, @Nullable String unknownCommand,
			Map<String, List<String>> options, List<String> positional) {
		this.subcommand = subcommand;
		this.unknownCommand = unknownCommand;
		this.options = options;
		this.positional = positional;
	}

	public static CommandLineArguments parse(String[] args) {
		Map<String, List<String>> options = new LinkedHashMap<>();
		List<String> words = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.startsWith("--")) {
				String name = arg.substring(2);
				if (isSpringProperty(name)) {
					continue;
				}
				int equals = name.indexOf('=');
				if (equals >= 0) {
					add(options, name.substring(0, equals), name.substring(equals + 1));
				}
				else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
					add(options, name, args[++i]);
				}
				else {
					add(options, name, "true");
				}
			}
			else {
				words.add(arg);
			}
		}
		Subcommand subcommand = null;
		String unknown = null;
		if (!words.isEmpty()) {
			String first = words.remove(0);
			subcommand = Subcommand.parse(first).orElse(null);
			if (subcommand == null) {
				unknown = first;
			}
		}
		return new CommandLineArguments(subcommand, unknown, options, words);
	}

	private static void add(Map<String, List<String>> options, String name, String value) {
		options.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
	}

	static boolean isSpringProperty(String name) {
		return name.startsWith("spring.") || name.startsWith("reembed.") || name.startsWith("logging.")
				|| name.startsWith("management.") || name.startsWith("server.");
	}

	public Optional<Subcommand> subcommand() {
		return Optional.ofNullable(this.subcommand);
	}

	public Optional<String> unknownCommand() {
		return Optional.ofNullable(this.unknownCommand);
	}

	/** The option's value; its last one when it is given more than once. */
	public Optional<String> option(String name) {
		List<String> values = options(name);
		return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
	}

	/** Every value the option is given, in order, e.g. {@code --client 42 --client 7}. */
	public List<String> options(String name) {
		return this.options.getOrDefault(name, List.of());
	}

	/**
	 * @throws UsageException naming the missing option
	 */
	public String required(String name, String example) {
		return option(name).orElseThrow(() -> new UsageException("--" + name + " is required, e.g. --" + name + " "
				+ example));
	}

	public List<String> positional() {
		return this.positional;
	}

}
