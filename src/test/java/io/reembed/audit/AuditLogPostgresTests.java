package io.reembed.audit;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;

class AuditLogPostgresTests extends AbstractAuditLogTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	@Override
	String url() {
		return URL;
	}

	@Override
	String username() {
		return TestDatabases.POSTGRES_USER;
	}

	@AfterAll
	static void dropSchema() {
		TestDatabases.dropPostgresSchema(URL);
	}

}
