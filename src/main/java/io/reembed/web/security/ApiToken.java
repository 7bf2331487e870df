package io.reembed.web.security;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * An API token as it is stored: everything but its secret, which is kept only as a hash.
 *
 * @param name the name it was created with, also the actor the audit log records
 * @param clientIds the clients it acts for; empty for an admin token, which acts for every client
 * @param roles what it may do
 * @param createdAt when it was created
 * @param revokedAt when it was revoked, or {@code null} while it is active
 */
public record ApiToken(String name, Set<String> clientIds, Set<ApiRole> roles, Instant createdAt,
		@Nullable Instant revokedAt) {

	public ApiToken {
		clientIds = Collections.unmodifiableSet(new TreeSet<>(clientIds));
		roles = roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
	}

	public boolean has(ApiRole role) {
		return this.roles.contains(role);
	}

	/** Whether it acts for every client, as an admin token does. */
	public boolean allClients() {
		return has(ApiRole.ADMIN);
	}

	public boolean actsFor(String clientId) {
		return allClients() || this.clientIds.contains(clientId);
	}

	public boolean active() {
		return this.revokedAt == null;
	}

}
