package io.reembed.web.security;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The scope checks the API makes of the caller's token.
 */
class TenantAccessTests {

	private final TenantAccess access = new TenantAccess();

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void aTokenReadsAndSubmitsForItsOwnClientsOnly() {
		// given
		authenticate("ci", Set.of("42", "7"), Set.of(ApiRole.SUBMIT, ApiRole.READ));

		// when, then
		assertThatNoException().isThrownBy(() -> {
			this.access.requireRead("42");
			this.access.requireSubmit("7");
		});
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> this.access.requireRead("8"))
			.withMessage("Token 'ci' may not read client 8");
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> this.access.requireSubmit("8"))
			.withMessage("Token 'ci' may not submit for client 8");
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(this.access::requireAdmin)
			.withMessage("Token 'ci' is not an admin token");
		assertThat(this.access.actor()).isEqualTo("ci");
	}

	@Test
	void eachActionNeedsItsRole() {
		// given
		authenticate("submitter", Set.of("42"), Set.of(ApiRole.SUBMIT));

		// when, then
		assertThatNoException().isThrownBy(() -> this.access.requireSubmit("42"));
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> this.access.requireRead("42"));
		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(this.access::readableClients)
			.withMessage("Token 'submitter' may not read");
	}

	@Test
	void anAdminTokenMayDoEverythingForEveryClient() {
		// given
		authenticate("ops", Set.of(), Set.of(ApiRole.ADMIN));

		// when, then
		assertThatNoException().isThrownBy(() -> {
			this.access.requireRead("42");
			this.access.requireSubmit("7");
			this.access.requireAdmin();
		});
		assertThat(this.access.readableClients()).isEqualTo(ClientScope.everyClient());
		assertThat(this.access.readable(List.of("42", "7"), (client) -> client)).containsExactly("42", "7");
	}

	@Test
	void listsAreFilteredByTheClientsTheTokenReads() {
		// given
		authenticate("dashboard", Set.of("42"), Set.of(ApiRole.READ));
		List<Job> jobs = List.of(new Job(1, "42"), new Job(2, "7"), new Job(3, "42"));

		// when
		List<Job> readable = this.access.readable(jobs, Job::clientId);

		// then
		assertThat(readable).extracting(Job::id).containsExactly(1L, 3L);
		assertThat(this.access.readableClients()).isEqualTo(ClientScope.of(Set.of("42")));
		assertThat(this.access.canRead("42")).isTrue();
		assertThat(this.access.canRead("7")).isFalse();
		assertThat(this.access.canSubmit("42")).isFalse();
	}

	@Test
	void aRequestWithoutATokenHasNoCaller() {
		assertThatExceptionOfType(AuthenticationCredentialsNotFoundException.class)
			.isThrownBy(() -> this.access.requireRead("42"));
	}

	private static void authenticate(String name, Set<String> clientIds, Set<ApiRole> roles) {
		ApiToken token = new ApiToken(name, clientIds, roles, Instant.now(), null);
		SecurityContextHolder.getContext().setAuthentication(new ApiTokenAuthentication(token));
	}

	record Job(long id, String clientId) {
	}

}
