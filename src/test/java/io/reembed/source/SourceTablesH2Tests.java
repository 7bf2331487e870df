package io.reembed.source;

import javax.sql.DataSource;

import io.reembed.support.TestDatabases;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;

class SourceTablesH2Tests extends AbstractSourceTablesTests {

	@Override
	DataSource createDataSource() {
		return new SingleConnectionDataSource(TestDatabases.newH2Url(), "sa", "", true);
	}

	@Override
	String uuidType() {
		return "UUID";
	}

}
