package io.reembed.source;

import java.sql.Clob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How the text of one vector type is built from a row's columns.
 *
 * @param mode how the columns are combined
 * @param columns the columns, in order
 */
public record TextTemplate(Mode mode, List<String> columns) {

	public TextTemplate {
		Assert.notNull(mode, "mode must not be null");
		Assert.notEmpty(columns, "columns must not be empty");
		columns = List.copyOf(columns);
	}

	/** The ways a template combines columns. */
	public enum Mode {

		/** Every non-blank value, one per line. */
		JOIN,
		/** The first non-blank value. */
		FIRST,
		/** Every non-blank value as {@code column: value}, separated by commas. */
		LABELLED

	}

	/**
	 * The text of a row; empty when every column is null or blank.
	 * @param values the row's values by lower-case column name
	 */
	public String render(Map<String, @Nullable Object> values) {
		List<String> parts = new ArrayList<>(this.columns.size());
		for (String column : this.columns) {
			String value = text(values.get(column.toLowerCase(Locale.ROOT)));
			if (value.isEmpty()) {
				continue;
			}
			if (this.mode == Mode.FIRST) {
				return value;
			}
			parts.add((this.mode == Mode.LABELLED) ? column + ": " + value : value);
		}
		return String.join((this.mode == Mode.LABELLED) ? ", " : "\n", parts);
	}

	static String text(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		if (value instanceof Clob clob) {
			try {
				return clob.getSubString(1, (int) clob.length()).strip();
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not read a text column", ex);
			}
		}
		return value.toString().strip();
	}

}
