package io.reembed.audit;

import io.reembed.support.TestDatabases;

class AuditLogH2Tests extends AbstractAuditLogTests {

	private final String url = TestDatabases.newH2Url();

	@Override
	String url() {
		return this.url;
	}

	@Override
	String username() {
		return "sa";
	}

}
