package io.reembed.demo;

import java.time.LocalDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A row of {@code pull_request_comments}.
 */
record PullRequestCommentRow(long id, long clientId, long pullRequestId, @Nullable String author,
		@Nullable String content, boolean active, LocalDateTime createdAt, LocalDateTime updatedAt)
		implements DemoRow {

	@Override
	public @Nullable Object[] values() {
		return new @Nullable Object[] { this.id, this.clientId, this.pullRequestId, this.author, this.content,
				this.active, this.createdAt, this.updatedAt };
	}

}
