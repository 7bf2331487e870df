package io.reembed.web.security;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * API tokens, for the {@code token} subcommands and the server; and, when the server runs (a servlet web
 * application), the filter chain that makes the API need a token.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfiguration {

	private static final String ADMIN = ApiRole.ADMIN.name();

	@Bean
	ApiTokens apiTokens(JdbcTemplate jdbcTemplate, PlatformTransactionManager transactionManager) {
		return new ApiTokens(jdbcTemplate, transactionManager);
	}

	/**
	 * Being a bean, it also keeps Spring Boot from creating a user with a generated password.
	 */
	@Bean
	ApiTokenAuthenticationProvider apiTokenAuthenticationProvider(ApiTokens apiTokens) {
		return new ApiTokenAuthenticationProvider(apiTokens);
	}

	@Bean
	TenantAccess tenantAccess() {
		return new TenantAccess();
	}

	/**
	 * {@code /api/**} needs an API token, {@code /actuator/health} and {@code /actuator/prometheus} are open, every
	 * other actuator endpoint needs an admin token. The dashboard and its assets are open to GET (their data comes
	 * through the API); anything else needs an admin token.
	 */
	@Bean
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	SecurityFilterChain apiSecurityFilterChain(HttpSecurity http,
			ApiTokenAuthenticationProvider authenticationProvider) {
		BearerTokenEntryPoint entryPoint = new BearerTokenEntryPoint();
		AuthenticationFilter bearerTokens = new AuthenticationFilter(new ProviderManager(authenticationProvider),
				new BearerTokenConverter());
		// The default handler redirects, as after a login form; an API request goes on to its handler instead.
		bearerTokens.setSuccessHandler((request, response, authentication) -> {
		});
		bearerTokens.setFailureHandler(new AuthenticationEntryPointFailureHandler(entryPoint));
		return http
			// A bearer token is never sent by a browser on its own, as a cookie is: there is no request to forge.
			.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.addFilterBefore(bearerTokens, AnonymousAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(entryPoint))
			.authorizeHttpRequests((requests) -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
				.permitAll()
				.requestMatchers(EndpointRequest.to("health", "prometheus"))
				.permitAll()
				.requestMatchers(EndpointRequest.toAnyEndpoint())
				.hasRole(ADMIN)
				.requestMatchers("/api/**")
				.authenticated()
				.requestMatchers(HttpMethod.GET, "/**")
				.permitAll()
				.anyRequest()
				.hasRole(ADMIN))
			.build();
	}

}
