package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords(new SecureRandom());

    @Test
    void hash_is_an_argon2id_phc_string_that_verifies_only_the_right_password() {
        String hash = passwords.hash("correct horse battery staple");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
        assertThat(passwords.verify("correct horse battery staple", hash)).isTrue();
        assertThat(passwords.verify("correct horse battery stapler", hash)).isFalse();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(passwords.hash("same password")).isNotEqualTo(passwords.hash("same password"));
    }

    @Test
    void malformed_stored_hashes_never_match() {
        assertThat(passwords.verify("x", null)).isFalse();
        assertThat(passwords.verify("x", "")).isFalse();
        assertThat(passwords.verify("x", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(passwords.verify("x", "$argon2id$v=19$m=zz,t=1,p=1$AAAA$AAAA")).isFalse();
    }
}
