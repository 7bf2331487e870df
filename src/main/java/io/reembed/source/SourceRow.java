package io.reembed.source;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One row read from a source table.
 *
 * @param key primary key, as the database returned it
 * @param values every configured column by lower-case name
 */
public record SourceRow(Object key, Map<String, @Nullable Object> values) {

	/** The primary key as text: the record id of points and dead letters. */
	public String recordId() {
		return this.key.toString();
	}

}
