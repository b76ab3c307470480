package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String SECRET = "lkp_abc";

    @Test
    void token_and_bearer_schemes_are_case_insensitive() {
        assertThat(Credentials.secret("token " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("Token " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("Bearer " + SECRET)).isEqualTo(SECRET);
        assertThat(Credentials.secret("bearer   " + SECRET + " ")).isEqualTo(SECRET);
    }

    @Test
    void basic_takes_the_password_whatever_the_user_name() {
        assertThat(Credentials.secret(basic("git:" + SECRET))).isEqualTo(SECRET);
        assertThat(Credentials.secret(basic("x-access-token:" + SECRET))).isEqualTo(SECRET);
    }

    @Test
    void basic_with_the_token_as_user_name_and_no_password_is_accepted_as_github_does() {
        assertThat(Credentials.secret(basic(SECRET + ":"))).isEqualTo(SECRET);
        assertThat(Credentials.secret(basic(SECRET + ":x-oauth-basic"))).isEqualTo(SECRET);
    }

    @Test
    void other_schemes_and_garbage_yield_nothing() {
        assertThat(Credentials.secret(null)).isNull();
        assertThat(Credentials.secret("")).isNull();
        assertThat(Credentials.secret("token")).isNull();
        assertThat(Credentials.secret("Digest " + SECRET)).isNull();
        assertThat(Credentials.secret("tokens " + SECRET)).isNull();
        assertThat(Credentials.secret("Basic %%%")).isNull();
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }
}
