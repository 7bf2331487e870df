package io.reembed.source;

import org.jspecify.annotations.Nullable;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * A slice of a table's primary keys; an absent bound is open. The lower bound is exclusive and the upper bound
 * inclusive, so adjacent ranges share no key.
 *
 * @param after keys greater than this, or every key when absent
 * @param upTo keys up to and including this, or every key when absent
 */
public record KeyRange(@Nullable Object after, @Nullable Object upTo) {

	static final String AFTER = "range.after";

	static final String UP_TO = "range.upTo";

	public void writeTo(ExecutionContext context) {
		if (this.after != null) {
			context.put(AFTER, this.after);
		}
		if (this.upTo != null) {
			context.put(UP_TO, this.upTo);
		}
	}

	public static KeyRange readFrom(ExecutionContext context) {
		return new KeyRange(context.get(AFTER), context.get(UP_TO));
	}

}
