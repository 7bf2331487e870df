package io.reembed.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.util.Assert;

/**
 * Rows printed in aligned columns: text to the left, numbers to the right.
 */
final class TextTable {

	private final List<Column> columns;

	private final List<List<String>> rows = new ArrayList<>();

	TextTable(Column... columns) {
		Assert.notEmpty(columns, "columns must not be empty");
		this.columns = List.of(columns);
		this.rows.add(Arrays.stream(columns).map(Column::header).toList());
	}

	/**
	 * A column.
	 *
	 * @param header its title
	 * @param right whether its cells are aligned to the right, as numbers are
	 */
	record Column(String header, boolean right) {

		static Column left(String header) {
			return new Column(header, false);
		}

		static Column right(String header) {
			return new Column(header, true);
		}

	}

	void add(String... cells) {
		Assert.isTrue(cells.length == this.columns.size(),
				() -> "a row must have " + this.columns.size() + " cells, not " + cells.length);
		this.rows.add(List.of(cells));
	}

	void print(PrintStream out) {
		int[] widths = new int[this.columns.size()];
		for (List<String> row : this.rows) {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		for (List<String> row : this.rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < widths.length; i++) {
				String cell = row.get(i);
				String padding = " ".repeat(widths[i] - cell.length());
				line.append((i > 0) ? "  " : "");
				line.append(this.columns.get(i).right() ? padding + cell : cell + padding);
			}
			out.println(line.toString().stripTrailing());
		}
	}

}
