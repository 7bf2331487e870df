package io.reembed.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An {@code issues} table shaped as batch-config/tables/issues.yml declares it, with rows a test controls.
 */
public final class IssueRows {

	private final JdbcTemplate jdbcTemplate;

	public IssueRows(DataSource dataSource) {
		this.jdbcTemplate = new JdbcTemplate(dataSource);
	}

	/**
	 * One row.
	 *
	 * @param id primary key
	 * @param clientId tenant
	 * @param title title
	 * @param summary summary
	 * @param description description
	 */
	public record Issue(long id, long clientId, @Nullable String title, @Nullable String summary,
			@Nullable String description) {
	}

	public void create() {
		String longText = isPostgres() ? "TEXT" : "VARCHAR";
		this.jdbcTemplate.execute("DROP TABLE IF EXISTS issues");
		this.jdbcTemplate.execute("CREATE TABLE issues (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL, "
				+ "title VARCHAR(300), summary VARCHAR(2000), description " + longText + ", content " + longText
				+ ", status VARCHAR(40), priority VARCHAR(40), type VARCHAR(40), labels VARCHAR(300), "
				+ "active BOOLEAN NOT NULL, created_at TIMESTAMP, updated_at TIMESTAMP NOT NULL)");
	}

	private boolean isPostgres() {
		return Boolean.TRUE.equals(this.jdbcTemplate.execute((java.sql.Connection c) -> c.getMetaData()
			.getDatabaseProductName()
			.toLowerCase(java.util.Locale.ROOT)
			.contains("postgres")));
	}

	/** Rows 1..count, alternating between the clients, each with a distinct text. */
	public List<Issue> generate(int count, long... clients) {
		List<Issue> issues = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			long client = clients[i % clients.length];
			issues.add(new Issue(i, client, "Issue " + i + " in component " + (i % 17),
					"Summary of issue " + i + " for client " + client,
					"Steps to reproduce issue " + i + ": open the page, click save, see error " + (i * 31 % 997)));
		}
		return issues;
	}

	public void insert(List<Issue> issues) {
		insert(issues, Timestamp.from(Instant.now()));
	}

	/** Inserts rows created and last updated at the given time. */
	public void insert(List<Issue> issues, Timestamp now) {
		this.jdbcTemplate.batchUpdate(
				"INSERT INTO issues (id, client_id, title, summary, description, content, status, priority, type, labels, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, 'open', 'high', 'bug', 'auth', TRUE, ?, ?)",
				issues, 1000, (statement, issue) -> {
					statement.setLong(1, issue.id());
					statement.setLong(2, issue.clientId());
					statement.setString(3, issue.title());
					statement.setString(4, issue.summary());
					statement.setString(5, issue.description());
					statement.setTimestamp(6, now);
					statement.setTimestamp(7, now);
				});
	}

	public long count(long clientId) {
		Long count = this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM issues WHERE client_id = ?", Long.class,
				clientId);
		return (count != null) ? count : 0;
	}

}
