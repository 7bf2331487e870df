package io.reembed.demo;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Creates and fills the demo tables {@code issues}, {@code pull_requests} and {@code pull_request_comments} with the
 * tracker of a software team, for two clients (42 and 7, about 60/40). The same seed gives the same rows, on H2 and
 * on PostgreSQL alike: each row is derived from the seed, its table and its id alone.
 * <p>
 * About 1% of the rows have every text column null or blank and about 1% are inactive; a few hold emoji and words in
 * other scripts, and about one issue in a thousand carries a pasted log tens of thousands of characters long.
 */
public final class DemoDataGenerator {

	/** The seed of the demo subcommand. */
	public static final long DEFAULT_SEED = 42L;

	/** The clients owning the rows, the larger one first. */
	public static final List<Long> CLIENT_IDS = List.of(DemoClient.NORTHWIND.id(), DemoClient.GLOBEX.id());

	/** Rows per round trip and per commit: large enough to be fast, small enough to keep memory flat. */
	static final int BATCH_SIZE = 1_000;

	/** Rows per multi-row INSERT, so that PostgreSQL inserts fast without the driver's batch rewriting option. */
	static final int ROWS_PER_STATEMENT = 100;

	private static final int PROGRESS_EVERY = 100_000;

	private static final Logger logger = LoggerFactory.getLogger(DemoDataGenerator.class);

	private final DataSource dataSource;

	private final JdbcTemplate jdbcTemplate;

	private final long seed;

	public DemoDataGenerator(DataSource dataSource, long seed) {
		this(new JdbcTemplate(dataSource), seed);
	}

	public DemoDataGenerator(JdbcTemplate jdbcTemplate, long seed) {
		DataSource dataSource = jdbcTemplate.getDataSource();
		Assert.notNull(dataSource, "jdbcTemplate must have a DataSource");
		this.dataSource = dataSource;
		this.jdbcTemplate = jdbcTemplate;
		this.seed = seed;
	}

	public long seed() {
		return this.seed;
	}

	/** Creates the tables that do not exist yet; existing tables are left alone. */
	public void createTables() {
		Dialect dialect = this.jdbcTemplate.execute(DemoDataGenerator::dialect);
		Assert.state(dialect != null, "No database dialect detected");
		String text = dialect.longTextType;
		this.jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS issues (id BIGINT PRIMARY KEY, "
				+ "client_id BIGINT NOT NULL, title VARCHAR(300), summary VARCHAR(2000), description " + text
				+ ", content " + text + ", status VARCHAR(40), priority VARCHAR(40), type VARCHAR(40), "
				+ "labels VARCHAR(300), active BOOLEAN NOT NULL, created_at TIMESTAMP, updated_at TIMESTAMP NOT NULL)");
		this.jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS pull_requests (id BIGINT PRIMARY KEY, "
				+ "client_id BIGINT NOT NULL, title VARCHAR(300), summary VARCHAR(2000), description " + text
				+ ", status VARCHAR(40), labels VARCHAR(300), repository VARCHAR(200), author VARCHAR(100), "
				+ "active BOOLEAN NOT NULL, created_at TIMESTAMP, updated_at TIMESTAMP NOT NULL)");
		this.jdbcTemplate.execute("CREATE TABLE IF NOT EXISTS pull_request_comments (id BIGINT PRIMARY KEY, "
				+ "client_id BIGINT NOT NULL, pull_request_id BIGINT, author VARCHAR(100), content " + text
				+ ", active BOOLEAN NOT NULL, created_at TIMESTAMP, updated_at TIMESTAMP NOT NULL)");
		for (DemoTable table : DemoTable.values()) {
			createTenantIndexes(table.tableName());
		}
	}

	/**
	 * The indexes a multi-tenant table has for its readers: a backfill pages through one client's rows in key order,
	 * and an incremental run asks for the rows a client changed since a time. Without them every run, even one with
	 * nothing to do, reads the whole table.
	 */
	private void createTenantIndexes(String table) {
		this.jdbcTemplate.execute("CREATE INDEX IF NOT EXISTS " + table + "_client_key ON " + table + " (client_id, id)");
		this.jdbcTemplate
			.execute("CREATE INDEX IF NOT EXISTS " + table + "_client_updated ON " + table + " (client_id, updated_at)");
	}

	/**
	 * Creates the tables and fills each empty one with its {@link DemoTable#defaultRows() default number} of rows.
	 * A table that already holds rows is left as it is, so calling this again changes nothing. Each table is filled
	 * in one transaction, so a failed load leaves it empty and the next call fills it.
	 */
	public DemoLoadReport loadIfEmpty() {
		createTables();
		Map<DemoTable, Long> inserted = new EnumMap<>(DemoTable.class);
		for (DemoTable table : DemoTable.values()) {
			Long existing = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM " + table.tableName(), Long.class);
			if (existing != null && existing > 0) {
				logger.info("Table {} already holds {} rows, leaving it as it is", table.tableName(), existing);
				inserted.put(table, 0L);
			}
			else {
				inserted.put(table, insert(table, 1, table.defaultRows(), false));
			}
		}
		DemoRowCounts counts = rowCounts();
		logger.info("Demo tables hold {} rows: {}", counts.total(), counts);
		return new DemoLoadReport(inserted, counts);
	}

	/**
	 * Appends rows to a table, with the ids following its largest id, and commits every {@value #BATCH_SIZE} rows.
	 * Row {@code n} is the same whether it was generated alone or among a million. Comments point at the pull
	 * requests in the table, or at the default number of them when the table is empty.
	 *
	 * @return the number of rows inserted
	 */
	public long generate(DemoTable table, long rows) {
		Assert.isTrue(rows >= 0, "rows must not be negative");
		createTables();
		Long maxId = this.jdbcTemplate.queryForObject("SELECT MAX(id) FROM " + table.tableName(), Long.class);
		return insert(table, (maxId != null) ? maxId + 1 : 1, rows, true);
	}

	/** The number of rows of each client in each demo table; the tables must exist. */
	public DemoRowCounts rowCounts() {
		Map<DemoTable, Map<Long, Long>> counts = new EnumMap<>(DemoTable.class);
		for (DemoTable table : DemoTable.values()) {
			Map<Long, Long> byClient = new HashMap<>();
			this.jdbcTemplate.query("SELECT client_id, COUNT(*) FROM " + table.tableName() + " GROUP BY client_id",
					(rs) -> {
						byClient.put(rs.getLong(1), rs.getLong(2));
					});
			counts.put(table, byClient);
		}
		return new DemoRowCounts(counts);
	}

	private long insert(DemoTable table, long firstId, long rows, boolean commitEachBatch) {
		long pullRequests = (table == DemoTable.PULL_REQUEST_COMMENTS) ? pullRequestRange() : 0;
		long started = System.nanoTime();
		String sql = insertSql(table, ROWS_PER_STATEMENT);
		// A connection of our own rather than the JdbcTemplate's: the commits every batch must not join, or end,
		// a transaction the caller may have open.
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				long end = firstId + rows;
				long nextProgress = firstId + PROGRESS_EVERY;
				for (long id = firstId; id < end;) {
					int batchRows = (int) Math.min(BATCH_SIZE, end - id);
					int fullStatements = batchRows / ROWS_PER_STATEMENT;
					for (int i = 0; i < fullStatements; i++) {
						bindRows(statement, table, id, ROWS_PER_STATEMENT, pullRequests);
						statement.addBatch();
						id += ROWS_PER_STATEMENT;
					}
					if (fullStatements > 0) {
						statement.executeBatch();
					}
					int rest = batchRows - fullStatements * ROWS_PER_STATEMENT;
					if (rest > 0) {
						try (PreparedStatement last = connection.prepareStatement(insertSql(table, rest))) {
							bindRows(last, table, id, rest, pullRequests);
							last.executeUpdate();
						}
						id += rest;
					}
					if (commitEachBatch) {
						connection.commit();
					}
					if (id >= nextProgress && rows > PROGRESS_EVERY) {
						logger.info("Inserted {} of {} rows into {}", id - firstId, rows, table.tableName());
						nextProgress += PROGRESS_EVERY;
					}
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw translate("insert into " + table.tableName(), sql, ex);
		}
		logger.info("Inserted {} rows into {} in {} ms", rows, table.tableName(),
				(System.nanoTime() - started) / 1_000_000);
		refreshStatistics(table);
		return rows;
	}

	/**
	 * Without statistics on a freshly filled table the planner guesses one row per range and sorts whole key ranges
	 * for every page, instead of walking the primary key.
	 */
	private void refreshStatistics(DemoTable table) {
		this.jdbcTemplate.execute((Connection connection) -> {
			String sql = (dialect(connection) == Dialect.POSTGRESQL) ? "ANALYZE " + table.tableName()
					: "ANALYZE TABLE " + table.tableName();
			try (var statement = connection.createStatement()) {
				statement.execute(sql);
			}
			return null;
		});
	}

	private long pullRequestRange() {
		Long maxId = this.jdbcTemplate.queryForObject("SELECT MAX(id) FROM pull_requests", Long.class);
		return (maxId != null && maxId > 0) ? maxId : DemoTable.PULL_REQUESTS.defaultRows();
	}

	private void bindRows(PreparedStatement statement, DemoTable table, long firstId, int rows, long pullRequests)
			throws SQLException {
		int index = 1;
		for (int i = 0; i < rows; i++) {
			for (@Nullable Object value : row(table, firstId + i, pullRequests).values()) {
				bind(statement, index++, value);
			}
		}
	}

	private DemoRow row(DemoTable table, long id, long pullRequests) {
		return switch (table) {
			case ISSUES -> DemoRows.issue(this.seed, id);
			case PULL_REQUESTS -> DemoRows.pullRequest(this.seed, id);
			case PULL_REQUEST_COMMENTS -> DemoRows.comment(this.seed, id, pullRequests);
		};
	}

	private static void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
		if (value == null) {
			// Only text columns are ever null.
			statement.setNull(index, Types.VARCHAR);
		}
		else if (value instanceof String text) {
			statement.setString(index, text);
		}
		else if (value instanceof Long number) {
			statement.setLong(index, number);
		}
		else if (value instanceof Boolean flag) {
			statement.setBoolean(index, flag);
		}
		else if (value instanceof LocalDateTime time) {
			// Not a java.sql.Timestamp, which would shift times that fall into a daylight saving gap of the JVM zone.
			statement.setObject(index, time);
		}
		else {
			throw new IllegalArgumentException("Unexpected column value " + value.getClass().getName());
		}
	}

	private static String insertSql(DemoTable table, int rows) {
		String placeholders = "(" + String.join(", ", Collections.nCopies(table.columns().size(), "?")) + ")";
		return "INSERT INTO " + table.tableName() + " (" + String.join(", ", table.columns()) + ") VALUES "
				+ String.join(", ", Collections.nCopies(rows, placeholders));
	}

	private static Dialect dialect(Connection connection) throws SQLException {
		DatabaseMetaData metaData = connection.getMetaData();
		String product = metaData.getDatabaseProductName();
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return Dialect.POSTGRESQL;
		}
		if (name.equals("h2")) {
			return Dialect.H2;
		}
		throw new IllegalStateException("The demo tables need H2 or PostgreSQL, not " + product);
	}

	private DataAccessException translate(String task, String sql, SQLException ex) {
		DataAccessException translated = this.jdbcTemplate.getExceptionTranslator().translate(task, sql, ex);
		return (translated != null) ? translated
				: new org.springframework.jdbc.UncategorizedSQLException(task, sql, ex);
	}

	/** The databases the demo runs on, and their type for text of any length. */
	private enum Dialect {

		/** H2's VARCHAR without a length holds up to a billion characters and reads back as a String, unlike CLOB. */
		H2("VARCHAR"),

		POSTGRESQL("TEXT");

		private final String longTextType;

		Dialect(String longTextType) {
			this.longTextType = longTextType;
		}

	}

}
