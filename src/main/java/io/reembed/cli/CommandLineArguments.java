package io.reembed.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A subcommand's arguments: {@code --name value} or {@code --name=value} options and positional words. Spring
 * properties ({@code --spring.*}, {@code --reembed.*}, {@code --logging.*}) belong to Spring Boot and are left out.
 */
public final class CommandLineArguments {

	private final @Nullable Subcommand subcommand;

	private final @Nullable String unknownCommand;

	private final Map<String, String> options;

	private final List<String> positional;

	private CommandLineArguments(@Nullable Subcommand subcommand, @Nullable String unknownCommand,
			Map<String, String> options, List<String> positional) {
		this.subcommand = subcommand;
		this.unknownCommand = unknownCommand;
		this.options = options;
		this.positional = positional;
	}

	public static CommandLineArguments parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
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
					options.put(name.substring(0, equals), name.substring(equals + 1));
				}
				else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
					options.put(name, args[++i]);
				}
				else {
					options.put(name, "true");
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

	public Optional<String> option(String name) {
		return Optional.ofNullable(this.options.get(name));
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
