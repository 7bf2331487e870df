package io.reembed.source;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTemplateTests {

	@Test
	void joinsTheNonBlankValuesInOrder() {
		// given
		TextTemplate template = new TextTemplate(TextTemplate.Mode.JOIN, List.of("title", "summary", "description"));
		Map<String, Object> row = new HashMap<>();
		row.put("title", " Login fails ");
		row.put("summary", "  ");
		row.put("description", "After a password reset");

		// then
		assertThat(template.render(row)).isEqualTo("Login fails\nAfter a password reset");
	}

	@Test
	void takesTheFirstNonBlankValue() {
		TextTemplate template = new TextTemplate(TextTemplate.Mode.FIRST, List.of("summary", "title"));
		Map<String, Object> row = new HashMap<>();
		row.put("summary", null);
		row.put("title", "Login fails");

		assertThat(template.render(row)).isEqualTo("Login fails");
	}

	@Test
	void labelsEachValueWithItsColumn() {
		TextTemplate template = new TextTemplate(TextTemplate.Mode.LABELLED, List.of("status", "priority", "labels"));

		assertThat(template.render(Map.of("status", "open", "labels", "auth, login"))).isEqualTo(
				"status: open, labels: auth, login");
	}

	@Test
	void rendersNothingWhenEveryColumnIsNullOrBlank() {
		TextTemplate template = new TextTemplate(TextTemplate.Mode.JOIN, List.of("title", "summary"));
		Map<String, Object> row = new HashMap<>();
		row.put("title", null);
		row.put("summary", " \t");

		assertThat(template.render(row)).isEmpty();
	}

}
