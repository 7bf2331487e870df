package io.reembed.job;

import java.nio.file.Path;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The backfill job on H2, the embedded default.
 */
class BackfillJobH2Tests extends AbstractBackfillJobTests {

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

}
