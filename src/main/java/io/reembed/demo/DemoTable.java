package io.reembed.demo;

import java.util.List;

/**
 * The demo tables, in the order they are filled: comments point at pull requests, so those come first.
 */
public enum DemoTable {

	/** Tracker issues: bugs, features, tasks and improvements. */
	ISSUES("issues", 3_000, List.of("id", "client_id", "title", "summary", "description", "content", "status",
			"priority", "type", "labels", "active", "created_at", "updated_at")),

	/** Pull requests that fix, add or refactor what the issues talk about. */
	PULL_REQUESTS("pull_requests", 1_500, List.of("id", "client_id", "title", "summary", "description", "status",
			"labels", "repository", "author", "active", "created_at", "updated_at")),

	/** Review comments on the pull requests. */
	PULL_REQUEST_COMMENTS("pull_request_comments", 2_000, List.of("id", "client_id", "pull_request_id", "author",
			"content", "active", "created_at", "updated_at"));

	private final String tableName;

	private final int defaultRows;

	private final List<String> columns;

	DemoTable(String tableName, int defaultRows, List<String> columns) {
		this.tableName = tableName;
		this.defaultRows = defaultRows;
		this.columns = columns;
	}

	/** The unquoted, lower-case table name. */
	public String tableName() {
		return this.tableName;
	}

	/** How many rows {@link DemoDataGenerator#loadIfEmpty()} puts into an empty table. */
	public int defaultRows() {
		return this.defaultRows;
	}

	/** Every column, primary key first. */
	public List<String> columns() {
		return this.columns;
	}

}
