package io.reembed.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The demo tables on H2 and on the local PostgreSQL server. Every test gets databases of its own: a named in-memory
 * H2 database, or a fresh PostgreSQL schema that is dropped afterwards.
 */
class DemoDataGeneratorTests {

	private static final Logger logger = LoggerFactory.getLogger(DemoDataGeneratorTests.class);

	private static final String POSTGRES_URL = System.getProperty("demo.postgres.url",
			"jdbc:postgresql://127.0.0.1:5432/test");

	private static final String POSTGRES_USER = System.getProperty("demo.postgres.user", "postgres");

	private static final long SEED = 1234L;

	private final List<Runnable> cleanups = new ArrayList<>();

	@AfterEach
	void dropDatabases() {
		// Every cleanup runs even when one fails, so that no schema is left behind on the shared server.
		RuntimeException failure = null;
		for (Runnable cleanup : this.cleanups) {
			try {
				cleanup.run();
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Test
	void h2AndPostgreSqlHoldIdenticalRowsForTheSameSeed() {
		// given
		DataSource h2 = h2Database();
		DataSource postgres = postgresDatabase();

		// when
		new DemoDataGenerator(h2, SEED).loadIfEmpty();
		new DemoDataGenerator(postgres, SEED).loadIfEmpty();

		// then
		for (DemoTable table : DemoTable.values()) {
			assertSameRows(dump(h2, table), dump(postgres, table), table);
		}
	}

	@Test
	void tableDefinitionsNameColumnsOfTheGeneratedTables() throws IOException {
		// given
		DataSource database = h2Database();
		new DemoDataGenerator(database, SEED).createTables();

		for (DemoTable table : DemoTable.values()) {
			// when
			Map<String, Object> definition = new Yaml()
				.load(Files.readString(Path.of("batch-config/tables", table.tableName() + ".yml")));

			// then
			Set<String> columns = new LinkedHashSet<>();
			List.of("primary-key", "client-column", "updated-at-column", "active-column")
				.forEach((key) -> columns.add((String) definition.get(key)));
			columns.addAll(stringList(definition.get("payload-columns")));
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> vectorTypes = (Map<String, Map<String, Object>>) definition
				.get("vector-types");
			assertThat(vectorTypes).as(table.tableName()).containsOnlyKeys("content", "summary", "metadata");
			vectorTypes.values().forEach((vectorType) -> columns.addAll(stringList(vectorType.get("columns"))));
			assertThat(definition).containsEntry("table", table.tableName());
			assertThat(table.columns()).as(table.tableName()).containsAll(columns);
			// Selecting every column fails unless the created table has them all.
			assertThat(dump(database, table)).isEmpty();
		}
	}

	@Test
	@EnabledIfSystemProperty(named = "demo.benchmark", matches = "true")
	void insertsManyIssuesIntoPostgreSql() {
		// given
		long rows = Long.getLong("demo.benchmark.rows", 200_000);
		DataSource postgres = postgresDatabase();
		DemoDataGenerator generator = new DemoDataGenerator(postgres, SEED);
		generator.createTables();

		// when
		long started = System.nanoTime();
		long inserted = generator.generate(DemoTable.ISSUES, rows);
		long millis = (System.nanoTime() - started) / 1_000_000;

		// then
		logger.info("Inserted {} issues into PostgreSQL in {} ms ({} rows/s)", inserted, millis,
				inserted * 1000 / Math.max(1, millis));
		assertThat(generator.rowCounts().total(DemoTable.ISSUES)).isEqualTo(rows);
	}

	abstract class DatabaseContract {

		abstract DataSource freshDatabase();

		@Test
		void sameSeedGivesIdenticalRows() {
			// given
			DataSource first = freshDatabase();
			DataSource second = freshDatabase();
			DataSource otherSeed = freshDatabase();

			// when
			new DemoDataGenerator(first, SEED).loadIfEmpty();
			new DemoDataGenerator(second, SEED).loadIfEmpty();
			new DemoDataGenerator(otherSeed, SEED + 1).loadIfEmpty();

			// then
			for (DemoTable table : DemoTable.values()) {
				assertSameRows(dump(first, table), dump(second, table), table);
				assertThat(dump(otherSeed, table)).as(table.tableName()).isNotEqualTo(dump(first, table));
			}
		}

		@Test
		void rowsDoNotDependOnHowManyAreGeneratedAtOnce() {
			// given
			DataSource first = freshDatabase();
			DataSource second = freshDatabase();
			DemoDataGenerator atOnce = new DemoDataGenerator(first, SEED);
			DemoDataGenerator inTwoCalls = new DemoDataGenerator(second, SEED);

			// when
			atOnce.generate(DemoTable.ISSUES, 1_234);
			inTwoCalls.generate(DemoTable.ISSUES, 400);
			inTwoCalls.generate(DemoTable.ISSUES, 834);

			// then
			List<String> rows = dump(first, DemoTable.ISSUES);
			assertThat(rows).hasSize(1_234);
			assertSameRows(rows, dump(second, DemoTable.ISSUES), DemoTable.ISSUES);
		}

		@Test
		void loadsAtLeastFiveThousandRowsOfTwoClients() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);

			// when
			DemoLoadReport report = generator.loadIfEmpty();

			// then
			DemoRowCounts counts = report.counts();
			assertThat(counts.total()).isGreaterThanOrEqualTo(5_000);
			for (DemoTable table : DemoTable.values()) {
				assertThat(counts.total(table)).as(table.tableName()).isEqualTo(table.defaultRows());
				assertThat(counts.clients(table)).as(table.tableName()).containsExactlyInAnyOrder(42L, 7L);
				double largerShare = (double) counts.count(table, 42) / counts.total(table);
				assertThat(largerShare).as(table.tableName()).isBetween(0.55, 0.65);
				Map<String, Object> ids = new JdbcTemplate(database).queryForMap(
						"SELECT COUNT(DISTINCT id) AS distinct_ids, MIN(id) AS min_id, MAX(id) AS max_id FROM "
								+ table.tableName());
				assertThat(lowerCaseKeys(ids)).containsEntry("distinct_ids", (long) table.defaultRows())
					.containsEntry("min_id", 1L)
					.containsEntry("max_id", (long) table.defaultRows());
			}
			assertThat(report.inserted()).containsEntry(DemoTable.ISSUES, 3_000L)
				.containsEntry(DemoTable.PULL_REQUESTS, 1_500L)
				.containsEntry(DemoTable.PULL_REQUEST_COMMENTS, 2_000L);
		}

		@Test
		void loadingTwiceDoesNotDuplicateRows() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);
			DemoLoadReport first = generator.loadIfEmpty();
			List<String> issues = dump(database, DemoTable.ISSUES);

			// when
			DemoLoadReport second = generator.loadIfEmpty();

			// then
			assertThat(first.loadedAnything()).isTrue();
			assertThat(second.loadedAnything()).isFalse();
			assertThat(second.inserted()).containsOnly(Map.entry(DemoTable.ISSUES, 0L),
					Map.entry(DemoTable.PULL_REQUESTS, 0L), Map.entry(DemoTable.PULL_REQUEST_COMMENTS, 0L));
			assertThat(second.counts()).isEqualTo(first.counts());
			assertThat(dump(database, DemoTable.ISSUES)).isEqualTo(issues);
		}

		@Test
		void leavesTablesThatAlreadyHoldRowsAsTheyAre() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);
			generator.generate(DemoTable.ISSUES, 10);

			// when
			DemoLoadReport report = generator.loadIfEmpty();

			// then
			assertThat(report.inserted()).containsEntry(DemoTable.ISSUES, 0L)
				.containsEntry(DemoTable.PULL_REQUESTS, 1_500L);
			assertThat(report.counts().total(DemoTable.ISSUES)).isEqualTo(10);
			assertThat(generator.rowCounts()).isEqualTo(report.counts());
		}

		@Test
		void storesLongTextsOfTwoHundredThousandCharacters() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);
			generator.createTables();
			JdbcTemplate jdbc = new JdbcTemplate(database);
			String text = longText(200_000);
			LocalDateTime now = LocalDateTime.of(2025, 1, 1, 12, 0);

			// when
			jdbc.update("INSERT INTO issues (id, client_id, description, content, active, updated_at) "
					+ "VALUES (1, 42, ?, ?, TRUE, ?)", text, text, now);
			jdbc.update("INSERT INTO pull_requests (id, client_id, description, active, updated_at) "
					+ "VALUES (1, 42, ?, TRUE, ?)", text, now);
			jdbc.update("INSERT INTO pull_request_comments (id, client_id, pull_request_id, content, active, "
					+ "updated_at) VALUES (1, 42, 1, ?, TRUE, ?)", text, now);

			// then
			assertThat(jdbc.queryForObject("SELECT description FROM issues WHERE id = 1", String.class))
				.isEqualTo(text);
			assertThat(jdbc.queryForObject("SELECT content FROM issues WHERE id = 1", String.class)).isEqualTo(text);
			assertThat(jdbc.queryForObject("SELECT description FROM pull_requests WHERE id = 1", String.class))
				.isEqualTo(text);
			assertThat(jdbc.queryForObject("SELECT content FROM pull_request_comments WHERE id = 1", String.class))
				.isEqualTo(text);
		}

		@Test
		void eachClientHasIssuesAboutLoginFailingAfterPasswordReset() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);

			// when
			generator.loadIfEmpty();

			// then
			Map<Long, Long> loginIssues = new HashMap<>();
			new JdbcTemplate(database).query("SELECT client_id, COUNT(*) FROM issues WHERE (LOWER(title) LIKE '%login%' "
					+ "OR LOWER(title) LIKE '%log in%' OR LOWER(title) LIKE '%sign-in%') AND (LOWER(title) LIKE "
					+ "'%password reset%' OR LOWER(summary) LIKE '%password reset%' OR LOWER(description) LIKE "
					+ "'%password reset%') GROUP BY client_id", (rs) -> {
						loginIssues.put(rs.getLong(1), rs.getLong(2));
					});
			assertThat(loginIssues).containsOnlyKeys(42L, 7L);
			assertThat(loginIssues.values()).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(5));
			List<String> titles = new JdbcTemplate(database).queryForList(
					"SELECT title FROM issues WHERE LOWER(title) LIKE '%login%password reset%'", String.class);
			assertThat(titles).isNotEmpty();
		}

		@Test
		void aboutOnePercentOfRowsAreBlankOrInactive() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);

			// when
			generator.loadIfEmpty();

			// then
			for (DemoTable table : DemoTable.values()) {
				List<List<@Nullable String>> texts = texts(database, table);
				long blank = texts.stream().filter((row) -> row.stream().allMatch(DemoDataGeneratorTests::isBlank))
					.count();
				assertThat((double) blank / texts.size()).as("blank share of " + table.tableName())
					.isBetween(0.004, 0.025);
				// The first text column (title, or the author of a comment) is blank only when all are.
				assertThat(texts).as(table.tableName())
					.filteredOn((row) -> isBlank(row.get(0)))
					.allSatisfy((row) -> assertThat(row).allMatch(DemoDataGeneratorTests::isBlank));
				Long inactive = new JdbcTemplate(database)
					.queryForObject("SELECT COUNT(*) FROM " + table.tableName() + " WHERE active = FALSE", Long.class);
				assertThat((double) inactive / texts.size()).as("inactive share of " + table.tableName())
					.isBetween(0.004, 0.025);
			}
		}

		@Test
		void someRowsHoldEmojiAndOtherScripts() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);

			// when
			generator.loadIfEmpty();

			// then
			List<String> texts = new ArrayList<>();
			for (DemoTable table : DemoTable.values()) {
				texts(database, table).forEach((row) -> texts.add(String.join(" ", nonNull(row))));
			}
			assertThat(texts).filteredOn((text) -> text.codePoints().anyMatch((c) -> c >= 0x1F300))
				.hasSizeBetween(20, 500);
			for (Character.UnicodeScript script : List.of(Character.UnicodeScript.HIRAGANA,
					Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.ARABIC)) {
				assertThat(texts).as(script.name())
					.anyMatch((text) -> text.codePoints().anyMatch((c) -> Character.UnicodeScript.of(c) == script));
			}
		}

		@Test
		void commentsBelongToTheClientOfTheirPullRequest() {
			// given
			DataSource database = freshDatabase();
			DemoDataGenerator generator = new DemoDataGenerator(database, SEED);

			// when
			generator.loadIfEmpty();

			// then
			Long mismatched = new JdbcTemplate(database).queryForObject("SELECT COUNT(*) FROM pull_request_comments c "
					+ "LEFT JOIN pull_requests p ON p.id = c.pull_request_id "
					+ "WHERE p.id IS NULL OR p.client_id <> c.client_id", Long.class);
			assertThat(mismatched).isZero();
		}

	}

	@Nested
	class OnH2 extends DatabaseContract {

		@Override
		DataSource freshDatabase() {
			return h2Database();
		}

	}

	@Nested
	class OnPostgreSql extends DatabaseContract {

		@Override
		DataSource freshDatabase() {
			return postgresDatabase();
		}

	}

	private DataSource h2Database() {
		String name = "demo_" + UUID.randomUUID().toString().replace("-", "");
		// Kept open between connections until the shutdown below, or each statement would see an empty database.
		DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
		this.cleanups.add(() -> new JdbcTemplate(dataSource).execute("SHUTDOWN"));
		return dataSource;
	}

	private DataSource postgresDatabase() {
		String schema = "demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			// Skipped rather than failed where no server runs; the H2 tests still cover the generator.
			assumeThat((Object) ex).as("PostgreSQL at %s is reachable", POSTGRES_URL).isNull();
		}
		this.cleanups.add(() -> {
			try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA " + schema + " CASCADE");
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not drop schema " + schema, ex);
			}
		});
		return new DriverManagerDataSource(POSTGRES_URL + "?currentSchema=" + schema, POSTGRES_USER, "");
	}

	private static List<String> dump(DataSource dataSource, DemoTable table) {
		return dump(new JdbcTemplate(dataSource), table);
	}

	/** Every row as one string, with values read the same way from either database. */
	private static List<String> dump(JdbcTemplate jdbc, DemoTable table) {
		String sql = "SELECT " + String.join(", ", table.columns()) + " FROM " + table.tableName() + " ORDER BY id";
		return jdbc.query(sql, (rs, rowNum) -> {
			ResultSetMetaData metaData = rs.getMetaData();
			StringBuilder row = new StringBuilder();
			for (int i = 1; i <= metaData.getColumnCount(); i++) {
				Object value = switch (metaData.getColumnType(i)) {
					case Types.TIMESTAMP -> rs.getObject(i, LocalDateTime.class);
					case Types.BOOLEAN, Types.BIT -> rs.getBoolean(i);
					case Types.BIGINT -> rs.getLong(i);
					default -> rs.getString(i);
				};
				row.append(rs.wasNull() ? "<null>" : value).append('\u0001');
			}
			return row.toString();
		});
	}

	/** The text columns of every row, in column order. */
	private static List<List<@Nullable String>> texts(DataSource database, DemoTable table) {
		List<String> columns = switch (table) {
			case ISSUES -> List.of("title", "summary", "description", "content", "status", "priority", "type",
					"labels");
			case PULL_REQUESTS -> List.of("title", "summary", "description", "status", "labels", "repository",
					"author");
			case PULL_REQUEST_COMMENTS -> List.of("author", "content");
		};
		return new JdbcTemplate(database).query("SELECT " + String.join(", ", columns) + " FROM " + table.tableName(),
				(rs, rowNum) -> {
					List<@Nullable String> row = new ArrayList<>();
					for (int i = 1; i <= columns.size(); i++) {
						row.add(rs.getString(i));
					}
					return row;
				});
	}

	private static void assertSameRows(List<String> expected, List<String> actual, DemoTable table) {
		assertThat(actual).as(table.tableName()).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(actual.get(i)).as("row %d of %s", i + 1, table.tableName()).isEqualTo(expected.get(i));
		}
	}

	private static String longText(int length) {
		StringBuilder text = new StringBuilder(length);
		String line = "Stack trace line with ümlauts, ログイン and Пароль 🔥\n";
		while (text.length() < length) {
			text.append(line);
		}
		text.setLength(length);
		if (Character.isHighSurrogate(text.charAt(length - 1))) {
			text.setCharAt(length - 1, '.');
		}
		return text.toString();
	}

	private static List<String> stringList(@Nullable Object value) {
		List<String> result = new ArrayList<>();
		((List<?>) value).forEach((item) -> result.add((String) item));
		return result;
	}

	private static boolean isBlank(@Nullable String text) {
		return text == null || text.isBlank();
	}

	private static List<String> nonNull(List<@Nullable String> values) {
		List<String> result = new ArrayList<>();
		for (String value : values) {
			if (value != null) {
				result.add(value);
			}
		}
		return result;
	}

	private static Map<String, Object> lowerCaseKeys(Map<String, Object> row) {
		Map<String, Object> result = new HashMap<>();
		row.forEach((key, value) -> result.put(key.toLowerCase(Locale.ROOT),
				(value instanceof Number number) ? number.longValue() : value));
		return result;
	}

}
