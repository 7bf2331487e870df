package io.reembed.demo;

import org.jspecify.annotations.Nullable;

/**
 * A generated row, ready to be bound to its table's insert statement.
 */
interface DemoRow {

	long id();

	/** Column values in the order of {@link DemoTable#columns()}. */
	@Nullable Object[] values();

}
