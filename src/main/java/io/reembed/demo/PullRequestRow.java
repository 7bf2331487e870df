package io.reembed.demo;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code pull_requests}.
 */
record PullRequestRow(long id, long clientId, @Nullable String title, @Nullable String summary,
		@Nullable String description, @Nullable String status, @Nullable String labels, @Nullable String repository,
		@Nullable String author, boolean active, LocalDateTime createdAt, LocalDateTime updatedAt)
		implements DemoRow {

	@Override
	public @Nullable Object[] values() {
		return new @Nullable Object[] { this.id, this.clientId, this.title, this.summary, this.description,
				this.status, this.labels, this.repository, this.author, this.active, this.createdAt, this.updatedAt };
	}

}
