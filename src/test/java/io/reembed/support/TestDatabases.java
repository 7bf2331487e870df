package io.reembed.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Fresh databases for tests: an in-memory H2 database, or a new schema of the local PostgreSQL server, so that
 * tests never see each other's rows or job executions.
 */
public final class TestDatabases {

	public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	public static final String POSTGRES_USER = "postgres";

	private TestDatabases() {
	}

	/** Points a Spring test context at a new in-memory H2 database and a Lucene store under {@code data}. */
	public static void registerH2(DynamicPropertyRegistry registry, Supplier<Path> data) {
		registry.add("spring.datasource.url", TestDatabases::newH2Url);
		registry.add("reembed.store.lucene.path", () -> data.get().resolve("lucene").toString());
	}

	/** Points a Spring test context at a PostgreSQL schema and a Lucene store under {@code data}. */
	public static void registerPostgres(DynamicPropertyRegistry registry, String url, Supplier<Path> data) {
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> POSTGRES_USER);
		registry.add("reembed.store.lucene.path", () -> data.get().resolve("lucene").toString());
	}

	public static String newH2Url() {
		return "jdbc:h2:mem:" + uniqueName("h2") + ";DB_CLOSE_DELAY=-1";
	}

	/** Creates a schema and returns a URL whose connections use it. */
	public static String newPostgresSchemaUrl() {
		String schema = uniqueName("reembed_test");
		execute("CREATE SCHEMA " + schema);
		return POSTGRES_URL + "?currentSchema=" + schema;
	}

	public static void dropPostgresSchema(String url) {
		String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
		execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
	}

	private static String uniqueName(String prefix) {
		return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + POSTGRES_URL, ex);
		}
	}

}
