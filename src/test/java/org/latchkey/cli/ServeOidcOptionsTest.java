package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.latchkey.Settings;
import picocli.CommandLine;

/** {@code serve --oidc-issuer URL} (repeatable), {@code --oidc-allow-http-issuers} and {@code --oidc-audience}. */
class ServeOidcOptionsTest {

    private static final Settings DEFAULTS = Settings.defaults(Path.of("data"));

    @Test
    void issuers_are_repeatable_and_checked_and_http_ones_need_the_flag() {
        Settings settings = parse("--oidc-issuer", "https://token.actions.githubusercontent.com", "--oidc-issuer",
                "https://gitlab.com", "--oidc-audience", "latchkey").oidc(DEFAULTS);

        assertThat(settings.oidcIssuers()).containsExactly("https://token.actions.githubusercontent.com", "https://gitlab.com");
        assertThat(settings.oidcAudience()).isEqualTo("latchkey");
        assertThat(settings.oidcAllowHttpIssuers()).isFalse();
        assertThat(parse().oidc(DEFAULTS).oidcIssuers()).isEmpty();
        assertThat(parse("--oidc-allow-http-issuers", "--oidc-issuer", "http://127.0.0.1:9000").oidc(DEFAULTS)
                .oidcAllowHttpIssuers()).isTrue();
        assertThatThrownBy(() -> parse("--oidc-issuer", "http://ci.internal").oidc(DEFAULTS))
                .isInstanceOf(CliFailure.class).hasMessageContaining("--oidc-issuer http://ci.internal")
                .hasMessageContaining("--oidc-allow-http-issuers");
        assertThatThrownBy(() -> parse("--oidc-issuer", "https://a.example/?q=1").oidc(DEFAULTS))
                .isInstanceOf(CliFailure.class).hasMessageContaining("no user, query or fragment");
    }

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }
}
