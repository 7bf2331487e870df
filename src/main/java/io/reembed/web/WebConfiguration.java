package io.reembed.web;

import io.reembed.audit.AuditLog;
import io.reembed.config.ReembedProperties;
import io.reembed.web.security.TenantAccess;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST API's request size limit and audit trail; its controllers are found by component scanning.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "reembed.orchestrator.enabled", havingValue = "true")
public class WebConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(ReembedProperties properties) {
		FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeLimitFilter(properties.orchestrator().maxRequestSize()));
		registration.addUrlPatterns("/api/*");
		return registration;
	}

	@Bean
	ApiAudit apiAudit(AuditLog auditLog, TenantAccess tenantAccess) {
		return new ApiAudit(auditLog, tenantAccess);
	}

}
