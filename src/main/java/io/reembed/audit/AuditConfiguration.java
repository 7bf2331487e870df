package io.reembed.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The audit log, for the server that records to it and the {@code audit verify} subcommand.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

	@Bean
	AuditLog auditLog(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new AuditLog(jdbcTemplate, transactionManager);
	}

}
