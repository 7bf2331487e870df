package io.reembed.source;

import javax.sql.DataSource;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class SourceTablesPostgresTests extends AbstractSourceTablesTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	@Override
	DataSource createDataSource() {
		return new SingleConnectionDataSource(URL, TestDatabases.POSTGRES_USER, "", true);
	}

	@Override
	String uuidType() {
		return "UUID";
	}

	@AfterAll
	static void dropSchema() {
		TestDatabases.dropPostgresSchema(URL);
	}

}
