package io.reembed.web.security;

import javax.sql.DataSource;

import io.reembed.support.TestDatabases;
import org.junit.jupiter.api.AfterAll;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class ApiTokensPostgresTests extends AbstractApiTokensTests {

	private static final String URL = TestDatabases.newPostgresSchemaUrl();

	@Override
	DataSource createDataSource() {
		return new SingleConnectionDataSource(URL, TestDatabases.POSTGRES_USER, "", true);
	}

	@AfterAll
	static void dropSchema() {
		TestDatabases.dropPostgresSchema(URL);
	}

}
