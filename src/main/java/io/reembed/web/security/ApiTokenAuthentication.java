package io.reembed.web.security;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an active API token: the token is the principal, its roles the authorities.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

	private final ApiToken token;

	ApiTokenAuthentication(ApiToken token) {
		super(token.roles().stream().map((role) -> new SimpleGrantedAuthority(role.authority())).toList());
		this.token = token;
		setAuthenticated(true);
	}

	@Override
	public ApiToken getPrincipal() {
		return this.token;
	}

	@Override
	public @Nullable Object getCredentials() {
		// The secret is not kept past authentication.
		return null;
	}

	@Override
	public String getName() {
		return this.token.name();
	}

	@Override
	public String toString() {
		return "ApiTokenAuthentication[name=" + this.token.name() + ", clients=" + this.token.clientIds() + ", roles="
				+ this.token.roles() + "]";
	}

}
