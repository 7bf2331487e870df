package io.reembed.web.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.reembed.support.TestDatabases;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's security over HTTP on a real port, with a small API of the shape the orchestrator's: bearer tokens,
 * client scopes, roles, and the actuator endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.batch.job.enabled=false",
				"management.endpoints.web.exposure.include=health,prometheus,metrics" })
@Import({ ApiSecurityTests.JobsController.class, ApiSecurityTests.CatchAllHandler.class })
class ApiSecurityTests {

	@TempDir
	static Path data;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.registerH2(registry, () -> data);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApiTokens tokens;

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	ApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	String tenant42;

	String reader42;

	String tenant7;

	String admin;

	@BeforeEach
	void createTokens() {
		this.jdbcTemplate.update("DELETE FROM reembed_api_token_client");
		this.jdbcTemplate.update("DELETE FROM reembed_api_token");
		this.tenant42 = this.tokens.create("tenant-42", List.of("42"), Set.of(ApiRole.SUBMIT, ApiRole.READ)).secret();
		this.reader42 = this.tokens.create("reader-42", List.of("42"), Set.of(ApiRole.READ)).secret();
		this.tenant7 = this.tokens.create("tenant-7", List.of("7"), Set.of(ApiRole.SUBMIT, ApiRole.READ)).secret();
		this.admin = this.tokens.create("ops", List.of(), Set.of(ApiRole.ADMIN)).secret();
	}

	@Test
	void theApiNeedsAToken() throws Exception {
		// when
		HttpResponse<String> response = get("/api/jobs/1", null);

		// then
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"reembed\"");
	}

	@Test
	void anUnknownTokenIsUnauthorized() throws Exception {
		// when
		HttpResponse<String> response = get("/api/jobs/1", this.tenant42 + "x");

		// then
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer realm=\"reembed\", error=\"invalid_token\"");
		assertThat(response.body()).doesNotContain(this.tenant42);
	}

	@Test
	void aRevokedTokenIsUnauthorized() throws Exception {
		// given
		assertThat(get("/api/jobs/1", this.tenant42).statusCode()).isEqualTo(200);
		this.tokens.revoke("tenant-42");

		// when
		HttpResponse<String> response = get("/api/jobs/1", this.tenant42);

		// then
		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void aTokenReadsItsOwnClientsJobs() throws Exception {
		// when
		HttpResponse<String> response = get("/api/jobs/1", this.tenant42);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("job 1 of client 42, read by tenant-42");
	}

	@Test
	void aTokenForOneClientIsForbiddenAnotherClientsJobs() throws Exception {
		// when
		HttpResponse<String> read = get("/api/jobs/2", this.tenant42);
		HttpResponse<String> cancel = post("/api/jobs/2/cancel", this.tenant42);

		// then
		assertThat(read.statusCode()).isEqualTo(403);
		assertThat(read.body()).contains("\"detail\":\"Token 'tenant-42' may not read client 7\"")
			.contains("\"error\":\"Token 'tenant-42' may not read client 7\"");
		assertThat(cancel.statusCode()).isEqualTo(403);
		assertThat(get("/api/jobs/2", this.tenant7).statusCode()).isEqualTo(200);
	}

	@Test
	void submittingNeedsTheSubmitRole() throws Exception {
		// when
		HttpResponse<String> byReader = post("/api/jobs/1/cancel", this.reader42);
		HttpResponse<String> bySubmitter = post("/api/jobs/1/cancel", this.tenant42);

		// then
		assertThat(byReader.statusCode()).isEqualTo(403);
		assertThat(bySubmitter.statusCode()).isEqualTo(200);
		assertThat(bySubmitter.body()).isEqualTo("job 1 cancelled by tenant-42");
	}

	@Test
	void listsHoldOnlyTheCallersClients() throws Exception {
		// when
		HttpResponse<String> forTenant = get("/api/jobs", this.tenant42);
		HttpResponse<String> forAdmin = get("/api/jobs", this.admin);

		// then
		assertThat(forTenant.body()).isEqualTo("[1,3]");
		assertThat(forAdmin.body()).isEqualTo("[1,2,3]");
	}

	@Test
	void adminEndpointsNeedAnAdminToken() throws Exception {
		// when
		HttpResponse<String> byTenant = post("/api/tables/issues/rollback", this.tenant42);
		HttpResponse<String> byAdmin = post("/api/tables/issues/rollback", this.admin);

		// then
		assertThat(byTenant.statusCode()).isEqualTo(403);
		assertThat(byAdmin.statusCode()).isEqualTo(200);
		assertThat(get("/api/jobs/2", this.admin).statusCode()).isEqualTo(200);
	}

	@Test
	void anAsynchronousRequestKeepsItsToken() throws Exception {
		// when
		HttpResponse<String> response = get("/api/jobs/1/progress", this.tenant42);

		// then
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("progress of job 1 for tenant-42");
	}

	@Test
	void healthAndPrometheusAreOpen() throws Exception {
		// when
		HttpResponse<String> health = get("/actuator/health", null);
		HttpResponse<String> prometheus = get("/actuator/prometheus", null);

		// then
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void everyOtherActuatorEndpointNeedsAnAdminToken() throws Exception {
		// when, then
		assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics", this.tenant42).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/metrics", this.admin).statusCode()).isEqualTo(200);
		assertThat(get("/actuator", this.tenant42).statusCode()).isEqualTo(403);
		assertThat(get("/actuator", this.admin).statusCode()).isEqualTo(200);
	}

	@Test
	void theDashboardAndItsAssetsAreOpenToRead() throws Exception {
		// when
		HttpResponse<String> dashboard = get("/", null);
		HttpResponse<String> asset = get("/app.js", null);

		// then
		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).isEqualTo("dashboard");
		assertThat(asset.statusCode()).isEqualTo(404);
	}

	@Test
	void anythingElseNeedsAnAdminToken() throws Exception {
		// when, then
		assertThat(post("/", null).statusCode()).isEqualTo(401);
		assertThat(post("/", this.tenant42).statusCode()).isEqualTo(403);
	}

	@Test
	void noUserWithAGeneratedPasswordIsCreated() {
		assertThat(this.context.getBeansOfType(UserDetailsService.class)).isEmpty();
	}

	private HttpResponse<String> get(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET(), token);
	}

	private HttpResponse<String> post(String path, @Nullable String token) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, @Nullable String token)
			throws IOException, InterruptedException {
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * An API's own catch-all, which must not turn a failed access check into a 500.
	 */
	@RestControllerAdvice
	static class CatchAllHandler {

		@ExceptionHandler
		ResponseEntity<String> failed(RuntimeException exception) {
			return ResponseEntity.internalServerError().body("failed");
		}

	}

	/**
	 * Jobs of clients 42 and 7, guarded as the orchestrator's API guards its own.
	 */
	@RestController
	static class JobsController {

		private static final Map<Long, String> clientOfJob = Map.of(1L, "42", 2L, "7", 3L, "42");

		private final TenantAccess access;

		JobsController(TenantAccess access) {
			this.access = access;
		}

		@GetMapping("/")
		String dashboard() {
			return "dashboard";
		}

		@GetMapping("/api/jobs")
		List<Long> jobs() {
			return this.access.readable(clientOfJob.keySet().stream().sorted().toList(), clientOfJob::get);
		}

		@GetMapping("/api/jobs/{id}")
		String job(@PathVariable long id) {
			this.access.requireRead(clientOfJob.get(id));
			return "job " + id + " of client " + clientOfJob.get(id) + ", read by " + this.access.actor();
		}

		@GetMapping("/api/jobs/{id}/progress")
		Callable<String> progress(@PathVariable long id) {
			this.access.requireRead(clientOfJob.get(id));
			return () -> "progress of job " + id + " for " + this.access.actor();
		}

		@PostMapping("/api/jobs/{id}/cancel")
		String cancel(@PathVariable long id) {
			this.access.requireSubmit(clientOfJob.get(id));
			return "job " + id + " cancelled by " + this.access.actor();
		}

		@PostMapping("/api/tables/{table}/rollback")
		String rollback(@PathVariable String table) {
			this.access.requireAdmin();
			return "rolled back " + table;
		}

	}

}
