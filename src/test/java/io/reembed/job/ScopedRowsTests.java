package io.reembed.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.reembed.source.SourceRow;
import io.reembed.source.SourceTable;
import io.reembed.source.SourceTables;
import io.reembed.source.TableDefinition;
import io.reembed.source.TextTemplate;
import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ScopedRowsTests {

	private static final int ROWS = 250;

	private SingleConnectionDataSource dataSource;

	private JdbcTemplate jdbcTemplate;

	private SourceTable tags;

	@BeforeEach
	void setUp() {
		this.dataSource = new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
		this.jdbcTemplate = new JdbcTemplate(this.dataSource);
		this.jdbcTemplate.execute("CREATE TABLE tags (code VARCHAR(40) PRIMARY KEY, tenant VARCHAR(20) NOT NULL, "
				+ "body VARCHAR(200), active BOOLEAN NOT NULL)");
		// Inserted out of key order, so that only the query's order can put them in order.
		for (int i = ROWS - 1; i >= 0; i--) {
			this.jdbcTemplate.update("INSERT INTO tags VALUES (?, ?, ?, ?)", String.format("t%03d", i),
					(i % 2 == 0) ? "acme" : "other", "tag " + i, i != 10);
		}
		this.tags = new SourceTables(this.dataSource).resolve(new TableDefinition("tags", "code", "tenant", null,
				"active", 5, List.of(), Map.of("content", new TextTemplate(TextTemplate.Mode.JOIN, List.of("body"))),
				null));
	}

	@AfterEach
	void tearDown() {
		this.dataSource.destroy();
	}

	@Test
	void everyNthActiveRowOfTheClientInKeyOrder() {
		// given
		List<String> scope = IntStream.range(0, ROWS)
			.filter((i) -> i % 2 == 0 && i != 10)
			.mapToObj((i) -> String.format("t%03d", i))
			.toList();
		ScopedRows rows = new ScopedRows(this.jdbcTemplate, this.tags, "acme");

		// when
		List<String> everySeventh = recordIds(rows, 7);
		List<String> every = recordIds(rows, 1);

		// then
		assertThat(rows.count()).isEqualTo(scope.size());
		assertThat(everySeventh).containsExactlyElementsOf(
				IntStream.range(0, scope.size()).filter((i) -> i % 7 == 0).mapToObj(scope::get).toList());
		assertThat(every).as("more rows than one query binds").containsExactlyElementsOf(scope);
	}

	private static List<String> recordIds(ScopedRows rows, long every) {
		List<String> recordIds = new ArrayList<>();
		rows.forEveryNth(every, (SourceRow row) -> recordIds.add(row.recordId()));
		return recordIds;
	}

}
