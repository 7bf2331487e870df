package io.reembed.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Metadata checks, key-range partitioning and keyset readers on a real database; subclasses choose it.
 */
abstract class AbstractSourceTablesTests {

	DataSource dataSource;

	JdbcTemplate jdbcTemplate;

	SourceTables sourceTables;

	abstract DataSource createDataSource();

	abstract String uuidType();

	@BeforeEach
	void setUp() {
		this.dataSource = createDataSource();
		this.jdbcTemplate = new JdbcTemplate(this.dataSource);
		this.sourceTables = new SourceTables(this.dataSource);
		this.jdbcTemplate.execute("CREATE TABLE notes (id BIGINT PRIMARY KEY, client_id BIGINT NOT NULL, "
				+ "body VARCHAR(200), active BOOLEAN NOT NULL)");
		this.jdbcTemplate.execute(
				"CREATE TABLE tags (code VARCHAR(40) PRIMARY KEY, tenant VARCHAR(20) NOT NULL, body VARCHAR(200))");
		this.jdbcTemplate.execute("CREATE TABLE events (id " + uuidType()
				+ " PRIMARY KEY, client_id BIGINT NOT NULL, body VARCHAR(200))");
	}

	@AfterEach
	void tearDown() {
		this.jdbcTemplate.execute("DROP TABLE notes");
		this.jdbcTemplate.execute("DROP TABLE tags");
		this.jdbcTemplate.execute("DROP TABLE events");
	}

	@Test
	void resolvesATableWhoseNamesAllExist() {
		// when
		SourceTable table = this.sourceTables.resolve(notes("body"));

		// then
		assertThat(table.keyKind()).isEqualTo(KeyKind.INTEGER);
		assertThat(table.clientIdValue("42")).isEqualTo(42L);
	}

	@Test
	void namesAMissingColumnAndTheTable() {
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.sourceTables.resolve(notes("bdy")))
			.withMessageContaining("Column 'bdy' of table 'notes' does not exist")
			.withMessageContaining("body");
	}

	@Test
	void refusesATableNameWithSqlInItBeforeAskingTheDatabase() {
		TableDefinition injected = definition("notes; DROP TABLE notes", "id", "client_id", "body");

		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.sourceTables.resolve(injected))
			.withMessageContaining("Invalid table name 'notes; DROP TABLE notes'");
		assertThat(this.jdbcTemplate.queryForObject("SELECT COUNT(*) FROM notes", Long.class)).isZero();
	}

	@Test
	void namesAMissingTable() {
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> this.sourceTables.resolve(definition("nothing_here", "id", "client_id", "body")))
			.withMessageContaining("Table 'nothing_here' does not exist");
	}

	@Test
	void integerKeyRangesCoverEveryRowOfTheClientExactlyOnce() throws Exception {
		// given
		for (int i = 1; i <= 1_000; i++) {
			this.jdbcTemplate.update("INSERT INTO notes VALUES (?, ?, ?, ?)", i * 7, (i % 3 == 0) ? 7 : 42,
					"note " + i, i % 50 != 0);
		}
		SourceTable table = this.sourceTables.resolve(notes("body"));

		// when
		List<Object> keys = readAll(table, "42", 4, true);

		// then
		List<Object> expected = this.jdbcTemplate.queryForList(
				"SELECT id FROM notes WHERE client_id = 42 AND active = TRUE ORDER BY id", Object.class);
		assertThat(keys).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void textKeyRangesCoverEveryRowExactlyOnce() throws Exception {
		// given
		for (int i = 1; i <= 500; i++) {
			this.jdbcTemplate.update("INSERT INTO tags VALUES (?, ?, ?)", "tag-" + Integer.toString(i * 7919, 36),
					(i % 2 == 0) ? "acme" : "globex", "tag " + i);
		}
		SourceTable table = this.sourceTables
			.resolve(definition("tags", "code", "tenant", "body"));

		// when
		List<Object> keys = readAll(table, "acme", 3, true);

		// then
		assertThat(table.keyKind()).isEqualTo(KeyKind.ORDERED);
		assertThat(keys).hasSize(250).doesNotHaveDuplicates();
		assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(
				this.jdbcTemplate.queryForList("SELECT code FROM tags WHERE tenant = 'acme'", Object.class)));
	}

	@Test
	void uuidKeyRangesCoverEveryRowExactlyOnce() throws Exception {
		// given
		for (int i = 1; i <= 300; i++) {
			this.jdbcTemplate.update("INSERT INTO events VALUES (?, ?, ?)", UUID.randomUUID(), 42, "event " + i);
		}
		SourceTable table = this.sourceTables.resolve(definition("events", "id", "client_id", "body"));

		// when
		List<Object> keys = readAll(table, "42", 4, true);

		// then
		assertThat(keys).hasSize(300).doesNotHaveDuplicates();
	}

	@Test
	void aClientWithoutRowsGetsOneEmptyRange() throws Exception {
		SourceTable table = this.sourceTables.resolve(notes("body"));

		assertThat(new KeyRangePartitioner(this.jdbcTemplate, table, "99").partition(4)).hasSize(1);
		assertThat(readAll(table, "99", 4, true)).isEmpty();
	}

	private List<Object> readAll(SourceTable table, String clientId, int gridSize, boolean activeOnly)
			throws Exception {
		Map<String, ExecutionContext> partitions = new KeyRangePartitioner(this.jdbcTemplate, table, clientId)
			.partition(gridSize);
		List<Object> keys = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (ExecutionContext context : partitions.values()) {
			JdbcPagingItemReader<SourceRow> reader = SourceRowReaders.reader(
					"reader" + context.getInt(KeyRangePartitioner.PARTITION_INDEX), this.dataSource, table, clientId,
					KeyRange.readFrom(context), null, 37, activeOnly);
			names.add(reader.getName());
			reader.open(new ExecutionContext());
			for (SourceRow row = reader.read(); row != null; row = reader.read()) {
				keys.add(row.key());
			}
			reader.close();
		}
		assertThat(names).hasSize(partitions.size());
		return keys;
	}

	private static TableDefinition notes(String textColumn) {
		return new TableDefinition("notes", "id", "client_id", null, "active", 5, List.of(),
				Map.of("content", new TextTemplate(TextTemplate.Mode.JOIN, List.of(textColumn))), null);
	}

	private static TableDefinition definition(String table, String key, String client, String text) {
		return new TableDefinition(table, key, client, null, null, 5, List.of(),
				Map.of("content", new TextTemplate(TextTemplate.Mode.JOIN, List.of(text))), null);
	}

}
