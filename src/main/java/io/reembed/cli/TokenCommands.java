package io.reembed.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiToken;
import io.reembed.web.security.ApiTokens;
import io.reembed.web.security.CreatedToken;
import org.jspecify.annotations.Nullable;

/**
 * {@code token create}, {@code token list} and {@code token revoke}: the API tokens of the server.
 */
final class TokenCommands {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	private final ApiTokens tokens;

	private final Console console;

	TokenCommands(ApiTokens tokens, Console console) {
		this.tokens = tokens;
		this.console = console;
	}

	int run(CommandLineArguments arguments) {
		String action = arguments.positional()
			.stream()
			.findFirst()
			.orElseThrow(() -> new UsageException("say create, list or revoke, e.g. token create --name ci "
					+ "--client 42 --role submit --role read"));
		return switch (action) {
			case "create" -> create(arguments);
			case "list" -> list();
			case "revoke" -> revoke(arguments);
			default -> throw new UsageException("Unknown action '" + action + "': create, list or revoke");
		};
	}

	private int create(CommandLineArguments arguments) {
		String name = arguments.required("name", "ci");
		List<String> clientIds = arguments.options("client");
		List<String> roleIds = arguments.options("role");
		if (roleIds.isEmpty()) {
			throw new UsageException("--role is required, e.g. --role submit --role read (roles: submit, read, admin)");
		}
		CreatedToken created;
		try {
			Set<ApiRole> roles = EnumSet.noneOf(ApiRole.class);
			roleIds.forEach((id) -> roles.add(ApiRole.of(id)));
			created = this.tokens.create(name, clientIds, roles);
		}
		catch (IllegalArgumentException ex) {
			throw new UsageException(ex.getMessage());
		}
		ApiToken token = created.token();
		this.console.out()
			.printf("Created token '%s' for %s with roles %s. Its secret follows; it is shown only now, send it as "
					+ "'Authorization: Bearer <token>':%n", token.name(), clients(token), roles(token));
		this.console.out().println(created.secret());
		return ExitCodes.COMPLETED;
	}

	private int list() {
		List<ApiToken> all = this.tokens.list();
		if (all.isEmpty()) {
			this.console.out().println("No token has been created yet");
			return ExitCodes.COMPLETED;
		}
		TextTable table = new TextTable(TextTable.Column.left("name"), TextTable.Column.left("clients"),
				TextTable.Column.left("roles"), TextTable.Column.left("created"), TextTable.Column.left("revoked"));
		for (ApiToken token : all) {
			table.add(token.name(), token.allClients() ? "all" : String.join(",", token.clientIds()), roles(token),
					time(token.createdAt()), time(token.revokedAt()));
		}
		table.print(this.console.out());
		return ExitCodes.COMPLETED;
	}

	private int revoke(CommandLineArguments arguments) {
		String name = arguments.required("name", "ci");
		if (!this.tokens.revoke(name)) {
			throw new IllegalStateException("No active token is named '" + name + "' (see 'token list')");
		}
		this.console.out().printf("Revoked token '%s': it authenticates no request from now on%n", name);
		return ExitCodes.COMPLETED;
	}

	private static String clients(ApiToken token) {
		if (token.allClients()) {
			return "every client";
		}
		return ((token.clientIds().size() == 1) ? "client " : "clients ") + String.join(", ", token.clientIds());
	}

	private static String roles(ApiToken token) {
		return String.join(",", token.roles().stream().map(ApiRole::id).toList());
	}

	private static String time(@Nullable Instant time) {
		return (time != null) ? TIME.format(time) : "-";
	}

}
