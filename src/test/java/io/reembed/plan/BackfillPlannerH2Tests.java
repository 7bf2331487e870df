package io.reembed.plan;

import java.nio.file.Path;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Backfill plans on H2, the embedded default.
 */
class BackfillPlannerH2Tests extends AbstractBackfillPlannerTests {

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

}
