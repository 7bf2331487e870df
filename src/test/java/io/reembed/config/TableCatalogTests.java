package io.reembed.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.reembed.source.InvalidTableDefinitionException;
import io.reembed.source.TableDefinition;
import io.reembed.source.TextTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TableCatalogTests {

	@Test
	void readsTheShippedDefinitionsHighestPriorityFirst() {
		// when
		TableCatalog catalog = TableCatalog.load(Path.of("batch-config/tables"));

		// then
		assertThat(catalog.byPriority()).extracting(TableDefinition::table)
			.containsExactly("issues", "pull_requests", "pull_request_comments");
		TableDefinition issues = catalog.get("issues");
		assertThat(issues.primaryKey()).isEqualTo("id");
		assertThat(issues.clientColumn()).isEqualTo("client_id");
		assertThat(issues.updatedAtColumn()).isEqualTo("updated_at");
		assertThat(issues.activeColumn()).isEqualTo("active");
		assertThat(issues.priority()).isEqualTo(10);
		assertThat(issues.template("content").mode()).isEqualTo(TextTemplate.Mode.JOIN);
		assertThat(issues.template("content").columns()).containsExactly("title", "summary", "description", "content");
		assertThat(issues.template("summary").mode()).isEqualTo(TextTemplate.Mode.FIRST);
		assertThat(issues.template("metadata").render(Map.of("status", "open", "priority", "high", "type", "bug")))
			.isEqualTo("status: open, priority: high, type: bug");
	}

	@Test
	void namesAnUnknownTableAndTheConfiguredOnes() {
		TableCatalog catalog = TableCatalog.load(Path.of("batch-config/tables"));

		assertThatExceptionOfType(InvalidTableDefinitionException.class).isThrownBy(() -> catalog.get("isues"))
			.withMessageContaining("Unknown table 'isues'")
			.withMessageContaining("issues, ");
	}

	@Test
	void readsTheModelATableNamesAndNoneWhenItNamesNone(@TempDir Path directory) throws IOException {
		// given
		Files.writeString(directory.resolve("notes.yml"), """
				table: notes
				primary-key: id
				client-column: client_id
				model: bge-small-en-v15
				vector-types:
				  content: { mode: join, columns: [body] }
				""");

		// when
		TableCatalog catalog = TableCatalog.load(directory);

		// then
		assertThat(catalog.get("notes").model()).isEqualTo("bge-small-en-v15");
		assertThat(TableCatalog.load(Path.of("batch-config/tables")).get("issues").model()).isNull();
	}

	@Test
	void namesTheFileOfAnIncompleteDefinition(@TempDir Path directory) throws IOException {
		// given
		Files.writeString(directory.resolve("broken.yml"), "table: broken\nprimary-key: id\n");

		// then
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> TableCatalog.load(directory))
			.withMessageContaining("broken.yml");
	}

	@Test
	void namesAMissingDirectory(@TempDir Path directory) {
		assertThatExceptionOfType(InvalidTableDefinitionException.class)
			.isThrownBy(() -> TableCatalog.load(directory.resolve("nope")))
			.withMessageContaining("nope")
			.withMessageContaining("does not exist");
	}

}
