package io.reembed.demo;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code issues}.
 */
record IssueRow(long id, long clientId, @Nullable String title, @Nullable String summary,
		@Nullable String description, @Nullable String content, @Nullable String status, @Nullable String priority,
		@Nullable String type, @Nullable String labels, boolean active, LocalDateTime createdAt,
		LocalDateTime updatedAt) implements DemoRow {

	@Override
	public @Nullable Object[] values() {
		return new @Nullable Object[] { this.id, this.clientId, this.title, this.summary, this.description,
				this.content, this.status, this.priority, this.type, this.labels, this.active, this.createdAt,
				this.updatedAt };
	}

}
