package io.reembed.job;

import java.nio.file.Path;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class BackfillValidationH2Tests extends AbstractBackfillValidationTests {

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabases::newH2Url);
		registry.add("reembed.store.lucene.path", () -> data.resolve("lucene").toString());
	}

}
