package io.reembed.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.reembed.support.TestDatabases;
import io.reembed.web.security.ApiRole;
import io.reembed.web.security.ApiToken;
import io.reembed.web.security.ApiTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code token create}, {@code token list} and {@code token revoke} on an H2 database.
 */
class TokenCommandsTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	ApiTokens tokens;

	ReembedCommandLineRunner commandLine;

	@BeforeEach
	void createTables() {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "",
				true);
		new ResourceDatabasePopulator(new ClassPathResource("schema-reembed.sql")).execute(dataSource);
		this.tokens = new ApiTokens(new JdbcTemplate(dataSource), new DataSourceTransactionManager(dataSource));
		Console console = new Console(new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
		TokenCommands commands = new TokenCommands(this.tokens, console);
		this.commandLine = new ReembedCommandLineRunner(Map.of(Subcommand.TOKEN, commands::run), console);
	}

	@Test
	void createPrintsTheSecretOnceOnItsOwnLine() {
		// when
		int exitCode = run("token", "create", "--name", "ci", "--client", "42", "--client", "7", "--role", "submit",
				"--role", "read");

		// then
		assertThat(exitCode).as(err()).isZero();
		List<String> lines = out().lines().toList();
		assertThat(lines.get(0)).startsWith("Created token 'ci' for clients 42, 7 with roles submit,read.");
		String secret = lines.get(1);
		assertThat(secret).startsWith("rmb_");
		ApiToken token = this.tokens.authenticate(secret).orElseThrow();
		assertThat(token.clientIds()).containsExactly("42", "7");
		assertThat(token.roles()).containsExactly(ApiRole.SUBMIT, ApiRole.READ);
	}

	@Test
	void createsAnAdminTokenForEveryClient() {
		// when
		int exitCode = run("token", "create", "--name", "ops", "--role", "admin");

		// then
		assertThat(exitCode).as(err()).isZero();
		assertThat(out()).startsWith("Created token 'ops' for every client with roles admin.");
	}

	@Test
	void listShowsEveryTokenButNoSecret() {
		// given
		String secret = this.tokens.create("ci", List.of("42", "7"), List.of(ApiRole.SUBMIT)).secret();
		this.tokens.create("ops", List.of(), List.of(ApiRole.ADMIN));
		this.tokens.revoke("ci");

		// when
		int exitCode = run("token", "list");

		// then
		assertThat(exitCode).as(err()).isZero();
		List<String> lines = out().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).matches("name +clients +roles +created +revoked");
		assertThat(lines.get(1)).matches("ci +42,7 +submit +[0-9-]+ [0-9:]+ +[0-9-]+ [0-9:]+");
		assertThat(lines.get(2)).matches("ops +all +admin +[0-9-]+ [0-9:]+ +-");
		assertThat(out()).doesNotContain(secret);
	}

	@Test
	void revokeEndsTheTokensUse() {
		// given
		String secret = this.tokens.create("ci", List.of("42"), List.of(ApiRole.READ)).secret();

		// when
		int exitCode = run("token", "revoke", "--name", "ci");

		// then
		assertThat(exitCode).as(err()).isZero();
		assertThat(out()).contains("Revoked token 'ci'");
		assertThat(this.tokens.authenticate(secret)).isEmpty();
	}

	@Test
	void revokingATokenThatIsNotActiveFails() {
		// when
		int exitCode = run("token", "revoke", "--name", "ci");

		// then
		assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
		assertThat(err()).contains("token failed: No active token is named 'ci'");
	}

	@Test
	void creatingATokenWhoseNameIsTakenFails() {
		// given
		this.tokens.create("ci", List.of("42"), List.of(ApiRole.READ));

		// when
		int exitCode = run("token", "create", "--name", "ci", "--client", "7", "--role", "read");

		// then
		assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
		assertThat(err()).contains("An active token is named 'ci': revoke it first");
	}

	@Test
	void malformedCreatesAreUsageErrors() {
		assertThat(run("token", "create", "--name", "ci", "--client", "42")).isEqualTo(ExitCodes.USAGE);
		assertThat(err()).contains("--role is required");
		assertThat(run("token", "create", "--name", "ci", "--client", "42", "--role", "write"))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(err()).contains("Unknown role 'write': the roles are submit, read, admin");
		assertThat(run("token", "create", "--name", "ops", "--client", "42", "--role", "admin"))
			.isEqualTo(ExitCodes.USAGE);
		assertThat(err()).contains("An admin token acts for every client: name no client");
		assertThat(run("token", "create", "--client", "42", "--role", "read")).isEqualTo(ExitCodes.USAGE);
		assertThat(err()).contains("--name is required");
		assertThat(run("token", "show")).isEqualTo(ExitCodes.USAGE);
		assertThat(err()).contains("Unknown action 'show': create, list or revoke");
		assertThat(this.tokens.list()).isEmpty();
	}

	private int run(String... arguments) {
		return this.commandLine.execute(arguments);
	}

	private String out() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
