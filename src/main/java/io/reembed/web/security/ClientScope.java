package io.reembed.web.security;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clients a caller may see: every client, or the ones named.
 *
 * @param all whether every client is in scope, as for an admin token
 * @param clientIds the clients in scope when not all are
 */
public record ClientScope(boolean all, Set<String> clientIds) {

	public ClientScope {
		clientIds = Collections.unmodifiableSet(new TreeSet<>(clientIds));
	}

	public static ClientScope everyClient() {
		return new ClientScope(true, Set.of());
	}

	public static ClientScope of(Set<String> clientIds) {
		return new ClientScope(false, clientIds);
	}

	public boolean includes(String clientId) {
		return this.all || this.clientIds.contains(clientId);
	}

}
