package io.reembed.web.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * API tokens stored hashed on a real database; subclasses choose it.
 */
abstract class AbstractApiTokensTests {

	JdbcTemplate jdbcTemplate;

	ApiTokens tokens;

	abstract DataSource createDataSource();

	@BeforeEach
	void createTables() {
		DataSource dataSource = createDataSource();
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(dataSource);
		this.jdbcTemplate = new JdbcTemplate(dataSource);
		this.jdbcTemplate.update("DELETE FROM reembed_api_token_client");
		this.jdbcTemplate.update("DELETE FROM reembed_api_token");
		this.tokens = new ApiTokens(this.jdbcTemplate, new DataSourceTransactionManager(dataSource));
	}

	@Test
	void storesOnlyTheHashOfTheSecret() {
		// when
		CreatedToken created = this.tokens.create("ci", List.of("42", "7"), Set.of(ApiRole.SUBMIT, ApiRole.READ));

		// then
		assertThat(created.secret()).startsWith("rmb_").hasSizeGreaterThan(40);
		assertThat(created.toString()).doesNotContain(created.secret());
		List<Map<String, Object>> rows = this.jdbcTemplate.queryForList("SELECT * FROM reembed_api_token");
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.values()).noneSatisfy((value) -> assertThat(String.valueOf(value))
				.contains(created.secret().substring(4)));
			assertThat(row).containsEntry("token_hash", TokenSecrets.hash(created.secret()));
		});
		assertThat(this.jdbcTemplate.queryForList("SELECT client_id FROM reembed_api_token_client ORDER BY client_id",
				String.class))
			.containsExactly("42", "7");
	}

	@Test
	void everyTokenHasItsOwnSecret() {
		// when
		CreatedToken first = this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ));
		CreatedToken second = this.tokens.create("cd", List.of("42"), Set.of(ApiRole.READ));

		// then
		assertThat(first.secret()).isNotEqualTo(second.secret());
	}

	@Test
	void authenticatesTheSecretOfAnActiveToken() {
		// given
		CreatedToken created = this.tokens.create("ci", List.of("42", "7"), Set.of(ApiRole.SUBMIT, ApiRole.READ));

		// when
		ApiToken token = this.tokens.authenticate(created.secret()).orElseThrow();

		// then
		assertThat(token.name()).isEqualTo("ci");
		assertThat(token.clientIds()).containsExactly("42", "7");
		assertThat(token.roles()).containsExactly(ApiRole.SUBMIT, ApiRole.READ);
		assertThat(token.active()).isTrue();
		assertThat(token.createdAt()).isEqualTo(created.token().createdAt());
		assertThat(token.actsFor("42")).isTrue();
		assertThat(token.actsFor("8")).isFalse();
	}

	@Test
	void authenticatesNoOtherSecret() {
		// given
		CreatedToken created = this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ));

		// when, then
		assertThat(this.tokens.authenticate(created.secret() + "x")).isEmpty();
		assertThat(this.tokens.authenticate(created.secret().substring(4))).isEmpty();
		assertThat(this.tokens.authenticate(TokenSecrets.hash(created.secret()))).isEmpty();
		assertThat(this.tokens.authenticate("")).isEmpty();
	}

	@Test
	void anAdminTokenActsForEveryClient() {
		// given
		CreatedToken created = this.tokens.create("ops", List.of(), EnumSet.of(ApiRole.ADMIN));

		// when
		ApiToken token = this.tokens.authenticate(created.secret()).orElseThrow();

		// then
		assertThat(token.clientIds()).isEmpty();
		assertThat(token.allClients()).isTrue();
		assertThat(token.actsFor("anyone")).isTrue();
	}

	@Test
	void aRevokedTokenAuthenticatesNothing() {
		// given
		CreatedToken created = this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ));

		// when
		boolean revoked = this.tokens.revoke("ci");

		// then
		assertThat(revoked).isTrue();
		assertThat(this.tokens.authenticate(created.secret())).isEmpty();
		assertThat(this.tokens.list()).singleElement().satisfies((token) -> {
			assertThat(token.active()).isFalse();
			assertThat(token.revokedAt()).isAfterOrEqualTo(token.createdAt());
		});
		assertThat(this.tokens.revoke("ci")).isFalse();
	}

	@Test
	void aNameIsHeldByOneActiveTokenAndFreedWhenItIsRevoked() {
		// given
		CreatedToken old = this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ));

		// when, then
		assertThatIllegalStateException()
			.isThrownBy(() -> this.tokens.create("ci", List.of("7"), Set.of(ApiRole.READ)))
			.withMessage("An active token is named 'ci': revoke it first, or choose another name");
		this.tokens.revoke("ci");
		CreatedToken renewed = this.tokens.create("ci", List.of("7"), Set.of(ApiRole.READ));
		assertThat(this.tokens.authenticate(old.secret())).isEmpty();
		assertThat(this.tokens.authenticate(renewed.secret())).hasValueSatisfying(
				(token) -> assertThat(token.clientIds()).containsExactly("7"));
		assertThat(this.tokens.list()).extracting(ApiToken::name, ApiToken::active)
			.containsExactly(tuple("ci", false), tuple("ci", true));
	}

	@Test
	void aTokenStaysActiveUntilRevokedThoughANewTokenTakesItsName() {
		// given
		ApiToken old = this.tokens
			.authenticate(this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ)).secret())
			.orElseThrow();
		boolean activeBeforeRevoke = this.tokens.isActive(old);

		// when
		this.tokens.revoke("ci");
		ApiToken renewed = this.tokens
			.authenticate(this.tokens.create("ci", List.of("42"), Set.of(ApiRole.READ)).secret())
			.orElseThrow();

		// then
		assertThat(activeBeforeRevoke).isTrue();
		assertThat(this.tokens.isActive(old)).isFalse();
		assertThat(this.tokens.isActive(renewed)).isTrue();
	}

	@Test
	void listsEveryTokenOldestFirst() {
		// given
		this.tokens.create("ci", List.of("42", "7"), Set.of(ApiRole.SUBMIT));
		this.tokens.create("ops", List.of(), Set.of(ApiRole.ADMIN));

		// when
		List<ApiToken> all = this.tokens.list();

		// then
		assertThat(all).extracting(ApiToken::name).containsExactly("ci", "ops");
		assertThat(all.get(0).clientIds()).containsExactly("42", "7");
		assertThat(all.get(1).roles()).containsExactly(ApiRole.ADMIN);
	}

	@Test
	void refusesAnAdminTokenForSomeClients() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.create("ops", List.of("42"), Set.of(ApiRole.ADMIN)))
			.withMessage("An admin token acts for every client: name no client");
	}

	@Test
	void refusesATokenForNoClient() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.create("ci", List.of(), Set.of(ApiRole.READ)))
			.withMessage("A token needs at least one client, unless it is an admin token");
	}

	@Test
	void refusesATokenWithoutARole() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.tokens.create("ci", List.of("42"), Set.of()))
			.withMessage("A token needs at least one role: submit, read or admin");
	}

	@Test
	void refusesANameThatIsNotAWord() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.create("ci token", List.of("42"), Set.of(ApiRole.READ)))
			.withMessageStartingWith("Token name 'ci token' must be 1 to 64 letters");
		assertThat(this.tokens.list()).isEmpty();
	}

}
