package io.reembed.job;

import java.nio.file.Path;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class BackfillValidationPostgresTests extends AbstractBackfillValidationTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> URL);
		registry.add("spring.datasource.username", () -> TestDatabases.POSTGRES_USER);
		registry.add("reembed.store.lucene.path", () -> data.resolve("lucene").toString());
	}

	@AfterAll
	static void dropSchema() {
		TestDatabases.dropPostgresSchema(URL);
	}

}
