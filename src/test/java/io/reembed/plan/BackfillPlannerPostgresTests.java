package io.reembed.plan;

import java.nio.file.Path;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backfill plans on the local PostgreSQL server.
 */
class BackfillPlannerPostgresTests extends AbstractBackfillPlannerTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerPostgres(registry, URL, () -> data);
	}

	@AfterAll
	static void dropSchema() {
		TestDatabases.dropPostgresSchema(URL);
	}

}
