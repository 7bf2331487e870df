package io.reembed.web.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an API token may do.
 */
public enum ApiRole {

	/** Submit, cancel and restart jobs of the token's clients, and roll their tables back. */
	SUBMIT,

	/** Read the jobs, progress and data of the token's clients. */
	READ,

	/** Everything, for every client, including the actuator endpoints other than health and prometheus. */
	ADMIN;

	/** The role as the command line and {@code token list} name it, e.g. {@code submit}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The granted authority Spring Security checks, e.g. {@code ROLE_SUBMIT}. */
	public String authority() {
		return "ROLE_" + name();
	}

	/**
	 * @throws IllegalArgumentException naming the roles there are
	 */
	public static ApiRole of(String id) {
		return Arrays.stream(values())
			.filter((role) -> role.id().equals(id.trim().toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown role '" + id + "': the roles are "
					+ Arrays.stream(values()).map(ApiRole::id).collect(Collectors.joining(", "))));
	}

}
