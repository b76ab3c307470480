package org.latchkey.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.latchkey.InvalidField;

/** A policy's issuer must be one the registry trusts, https unless the server allows http ones (tests, closed networks). */
class IssuerValidationTest {

    private static final String TRUSTED = "https://token.actions.githubusercontent.com";

    @Test
    void an_issuer_the_registry_does_not_trust_is_refused_naming_the_field() {
        PolicyValidation validation = new PolicyValidation(Set.of(TRUSTED)::contains, null, false);

        assertThat(validation.issuer(TRUSTED)).isEqualTo(TRUSTED);
        assertThatThrownBy(() -> validation.issuer("https://evil.example.com")).isInstanceOfSatisfying(InvalidField.class,
                invalid -> {
                    assertThat(invalid.field()).isEqualTo("issuer");
                    assertThat(invalid.getMessage()).contains("not an issuer this server trusts");
                });
        assertThatThrownBy(() -> validation.issuer(TRUSTED + "#frag")).isInstanceOf(InvalidField.class);
        assertThatThrownBy(() -> validation.issuer(TRUSTED + "?x=1")).isInstanceOf(InvalidField.class);
        assertThatThrownBy(() -> validation.issuer(" " + TRUSTED)).isInstanceOf(InvalidField.class);
    }

    @Test
    void http_issuers_only_when_the_server_allows_them() {
        assertThatThrownBy(() -> new PolicyValidation(issuer -> true, null, false).issuer("http://127.0.0.1:8080"))
                .hasMessageContaining("must be an https URL");
        assertThat(new PolicyValidation(issuer -> true, null, true).issuer("http://127.0.0.1:8080"))
                .isEqualTo("http://127.0.0.1:8080");
        assertThatThrownBy(() -> new PolicyValidation(issuer -> true, null, true).issuer("ftp://127.0.0.1"))
                .isInstanceOf(InvalidField.class);
    }
}
