package io.reembed.web.security;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.BadCredentialsException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reading the bearer token of a request.
 */
class BearerTokenConverterTests {

	private final BearerTokenConverter converter = new BearerTokenConverter();

	@Test
	void readsTheBearerTokenWhateverTheCaseOfTheScheme() {
		// given
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "bearer rmb_secret ");

		// when
		BearerTokenAuthentication authentication = this.converter.convert(request);

		// then
		assertThat(authentication).isNotNull();
		assertThat(authentication.getCredentials()).isEqualTo("rmb_secret");
		assertThat(authentication.isAuthenticated()).isFalse();
		assertThat(authentication.toString()).doesNotContain("rmb_secret");
	}

	@Test
	void leavesARequestWithoutABearerTokenAnonymous() {
		// given
		MockHttpServletRequest basic = new MockHttpServletRequest();
		basic.addHeader("Authorization", "Basic dXNlcjpwYXNz");

		// when, then
		assertThat(this.converter.convert(new MockHttpServletRequest())).isNull();
		assertThat(this.converter.convert(basic)).isNull();
	}

	@Test
	void refusesAnEmptyBearerToken() {
		// given
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.addHeader("Authorization", "Bearer  ");

		// when, then
		assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> this.converter.convert(request));
	}

}
