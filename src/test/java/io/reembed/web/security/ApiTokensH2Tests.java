package io.reembed.web.security;

import javax.sql.DataSource;

import io.reembed.support.TestDatabases;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class ApiTokensH2Tests extends AbstractApiTokensTests {

	@Override
	DataSource createDataSource() {
		return new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
	}

}
