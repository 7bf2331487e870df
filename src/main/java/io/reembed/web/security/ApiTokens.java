package io.reembed.web.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The API tokens, in the tables {@code reembed_api_token} and {@code reembed_api_token_client}. A token's secret is
 * known only when it is created; the tables hold its SHA-256.
 */
public final class ApiTokens {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	private static final int MAX_CLIENT_ID_LENGTH = 128;

	private static final String SELECT = "SELECT t.token_hash, t.name, t.roles, t.created_at, t.revoked_at, "
			+ "c.client_id FROM reembed_api_token t "
			+ "LEFT JOIN reembed_api_token_client c ON c.token_hash = t.token_hash ";

	private final JdbcTemplate jdbcTemplate;

	private final TransactionTemplate transactions;

	public ApiTokens(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		this.jdbcTemplate = jdbcTemplate;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Creates a token. An admin token acts for every client and names none; any other names at least one.
	 * @throws IllegalArgumentException when the name, the clients or the roles are not valid
	 * @throws IllegalStateException when an active token has the name
	 */
	public CreatedToken create(String name, Collection<String> clientIds, Collection<ApiRole> roles) {
		validate(name, clientIds, roles);
		String secret = TokenSecrets.generate();
		String hash = TokenSecrets.hash(secret);
		ApiToken token = new ApiToken(name, new TreeSet<>(clientIds), EnumSet.copyOf(roles),
				Instant.now().truncatedTo(ChronoUnit.MICROS), null);
		try {
			this.transactions.executeWithoutResult((status) -> {
				this.jdbcTemplate.update("INSERT INTO reembed_api_token (token_hash, name, active_name, roles, "
						+ "created_at) VALUES (?, ?, ?, ?, ?)", hash, name, name, roles(token.roles()),
						OffsetDateTime.ofInstant(token.createdAt(), ZoneOffset.UTC));
				for (String clientId : token.clientIds()) {
					this.jdbcTemplate.update(
							"INSERT INTO reembed_api_token_client (token_hash, client_id) VALUES (?, ?)", hash,
							clientId);
				}
			});
		}
		catch (DuplicateKeyException ex) {
			// Not chained: the constraint's own message would name an index instead of the token wherever the
			// innermost cause is shown, as on the command line.
			throw new IllegalStateException("An active token is named '" + name + "': revoke it first, or choose "
					+ "another name");
		}
		return new CreatedToken(token, secret);
	}

	private static void validate(String name, Collection<String> clientIds, Collection<ApiRole> roles) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Token name '" + name + "' must be 1 to 64 letters, digits, dots, "
					+ "dashes or underscores, starting with a letter or digit");
		}
		if (roles.isEmpty()) {
			throw new IllegalArgumentException("A token needs at least one role: submit, read or admin");
		}
		if (roles.contains(ApiRole.ADMIN) && !clientIds.isEmpty()) {
			throw new IllegalArgumentException("An admin token acts for every client: name no client");
		}
		if (!roles.contains(ApiRole.ADMIN) && clientIds.isEmpty()) {
			throw new IllegalArgumentException("A token needs at least one client, unless it is an admin token");
		}
		for (String clientId : clientIds) {
			if (clientId.isBlank() || clientId.length() > MAX_CLIENT_ID_LENGTH || !clientId.equals(clientId.strip())) {
				throw new IllegalArgumentException("Client id '" + clientId + "' must be 1 to "
						+ MAX_CLIENT_ID_LENGTH + " characters without surrounding spaces");
			}
		}
	}

	/** Every token, active and revoked, oldest first. */
	public List<ApiToken> list() {
		return query(SELECT + "ORDER BY t.created_at, t.name, c.client_id");
	}

	/** The active token whose secret this is, if any. */
	public Optional<ApiToken> authenticate(String secret) {
		// Anything else was never issued here: no need to ask the database.
		if (!secret.startsWith(TokenSecrets.PREFIX)) {
			return Optional.empty();
		}
		return query(SELECT + "WHERE t.token_hash = ? AND t.revoked_at IS NULL ORDER BY c.client_id",
				TokenSecrets.hash(secret))
			.stream()
			.findFirst();
	}

	/**
	 * Whether a token that authenticated a request is still active, for a request that goes on for a while.
	 */
	public boolean isActive(ApiToken token) {
		// A revoked token's name may have been given to a new one since: that one was created later.
		return query(SELECT + "WHERE t.active_name = ?", token.name()).stream()
			.anyMatch((active) -> active.createdAt().equals(token.createdAt()));
	}

	/**
	 * Revokes the active token of this name: from now on it authenticates nothing.
	 * @return whether there was one
	 */
	public boolean revoke(String name) {
		OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
		return this.jdbcTemplate.update(
				"UPDATE reembed_api_token SET revoked_at = ?, active_name = NULL WHERE active_name = ?", now,
				name) > 0;
	}

	private List<ApiToken> query(String sql, Object... arguments) {
		Map<String, TokenRows> tokens = new LinkedHashMap<>();
		this.jdbcTemplate.query(sql, (ResultSet rs) -> {
			String hash = rs.getString("token_hash");
			TokenRows token = tokens.get(hash);
			if (token == null) {
				token = TokenRows.of(rs);
				tokens.put(hash, token);
			}
			String clientId = rs.getString("client_id");
			if (clientId != null) {
				token.clientIds().add(clientId);
			}
		}, arguments);
		return tokens.values().stream().map(TokenRows::toToken).toList();
	}

	private static String roles(Set<ApiRole> roles) {
		return roles.stream().map(ApiRole::id).collect(Collectors.joining(","));
	}

	/** One token's rows of the join, one per client. */
	private record TokenRows(String name, Set<ApiRole> roles, Instant createdAt, @Nullable Instant revokedAt,
			Set<String> clientIds) {

		static TokenRows of(ResultSet rs) throws SQLException {
			Set<ApiRole> roles = EnumSet.noneOf(ApiRole.class);
			Arrays.stream(rs.getString("roles").split(",")).map(ApiRole::of).forEach(roles::add);
			OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
			return new TokenRows(rs.getString("name"), roles,
					rs.getObject("created_at", OffsetDateTime.class).toInstant(),
					(revokedAt != null) ? revokedAt.toInstant() : null, new TreeSet<>());
		}

		ApiToken toToken() {
			return new ApiToken(this.name, this.clientIds, this.roles, this.createdAt, this.revokedAt);
		}

	}

}
