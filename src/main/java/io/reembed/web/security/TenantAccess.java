package io.reembed.web.security;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the API token of the current request may do: the checks the API makes before it reads or changes a
 * client's jobs and data. A failed check throws {@link AccessDeniedException}, which Spring Security answers with
 * 403; a request without a token throws {@link AuthenticationCredentialsNotFoundException}, answered with 401.
 * <p>
 * An admin token may do everything for every client; any other token only what its roles allow, for its own
 * clients.
 */
public final class TenantAccess {

	/** The token of the current request. */
	public ApiToken caller() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiTokenAuthentication token) {
			return token.getPrincipal();
		}
		throw new AuthenticationCredentialsNotFoundException("The request carries no API token");
	}

	/** Who the audit log names as the actor of the current request: its token's name. */
	public String actor() {
		return caller().name();
	}

	/** May the caller read the client's jobs and data? */
	public boolean canRead(String clientId) {
		return can(caller(), ApiRole.READ, clientId);
	}

	/** May the caller submit, cancel, restart and roll back for the client? */
	public boolean canSubmit(String clientId) {
		return can(caller(), ApiRole.SUBMIT, clientId);
	}

	/**
	 * @throws AccessDeniedException unless the caller may read the client's jobs and data
	 */
	public void requireRead(String clientId) {
		require(ApiRole.READ, "read", clientId);
	}

	/**
	 * @throws AccessDeniedException unless the caller may submit, cancel, restart and roll back for the client
	 */
	public void requireSubmit(String clientId) {
		require(ApiRole.SUBMIT, "submit for", clientId);
	}

	/**
	 * @throws AccessDeniedException unless the caller is an admin
	 */
	public void requireAdmin() {
		ApiToken caller = caller();
		if (!caller.has(ApiRole.ADMIN)) {
			throw new AccessDeniedException("Token '" + caller.name() + "' is not an admin token");
		}
	}

	/**
	 * The clients whose jobs and data the caller may read, e.g. to filter a query by.
	 * @throws AccessDeniedException when the caller may read none
	 */
	public ClientScope readableClients() {
		ApiToken caller = caller();
		if (caller.allClients()) {
			return ClientScope.everyClient();
		}
		if (!caller.has(ApiRole.READ)) {
			throw new AccessDeniedException("Token '" + caller.name() + "' may not read");
		}
		return ClientScope.of(caller.clientIds());
	}

	/**
	 * The items of clients the caller may read, in their order.
	 * @param clientId the client of an item
	 * @throws AccessDeniedException when the caller may read none
	 */
	public <T> List<T> readable(Collection<T> items, Function<? super T, String> clientId) {
		ClientScope scope = readableClients();
		return items.stream().filter((item) -> scope.includes(clientId.apply(item))).toList();
	}

	private void require(ApiRole role, String action, String clientId) {
		ApiToken caller = caller();
		if (!can(caller, role, clientId)) {
			throw new AccessDeniedException("Token '" + caller.name() + "' may not " + action + " client " + clientId);
		}
	}

	private static boolean can(ApiToken token, ApiRole role, String clientId) {
		return token.has(ApiRole.ADMIN) || (token.has(role) && token.actsFor(clientId));
	}

}
