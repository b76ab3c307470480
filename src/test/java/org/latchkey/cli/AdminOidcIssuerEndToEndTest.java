package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey admin oidc-issuer add|list|delete} against a real server. */
class AdminOidcIssuerEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    @Test
    void an_administrator_trusts_lists_and_stops_trusting_issuers() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));

        CliRunner.Result added = ok(admin.run("admin", "oidc-issuer", "add", "https://Token.Actions.GitHubUserContent.com"));
        JsonNode gitlab = json(admin.run("admin", "oidc-issuer", "add", "https://gitlab.com", "--json"));
        CliRunner.Result duplicate = admin.run("admin", "oidc-issuer", "add", "https://gitlab.com/");
        CliRunner.Result http = admin.run("admin", "oidc-issuer", "add", "http://ci.internal");
        CliRunner.Result listed = ok(admin.run("admin", "oidc-issuer", "list"));
        CliRunner.Result byUrl = ok(admin.run("admin", "oidc-issuer", "delete", "https://token.actions.githubusercontent.com/"));
        ok(admin.run("admin", "oidc-issuer", "delete", gitlab.path("id").asText()));
        CliRunner.Result unknown = admin.run("admin", "oidc-issuer", "delete", "https://gitlab.com");
        JsonNode empty = json(admin.run("admin", "oidc-issuer", "list", "--json"));

        assertThat(added.out()).matches("Trusted https://token\\.actions\\.githubusercontent\\.com \\(id \\d+\\)\\.\n");
        assertThat(duplicate.exitCode()).isEqualTo(6);
        assertThat(duplicate.err()).contains("https://gitlab.com is already trusted");
        assertThat(http.exitCode()).isEqualTo(6);
        assertThat(http.err()).contains("--oidc-allow-http-issuers");
        assertThat(listed.out()).contains("ISSUER").contains("https://token.actions.githubusercontent.com  api")
                .contains("https://gitlab.com").contains("admin");
        assertThat(byUrl.out()).contains("No longer trusting");
        assertThat(unknown.exitCode()).isEqualTo(5);
        assertThat(empty).isEmpty();
    }

    @Test
    void a_user_who_is_not_an_administrator_is_refused() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        ok(admin.runWithStdin("a long password for ivan\n", "admin", "user", "create", "ivan", "--email", "ivan@example.com"));
        CliRunner ivan = new CliRunner(temp.resolve("ivan"));
        ok(ivan.runWithStdin("a long password for ivan\n", "login", "--server", SERVER.url(), "--user", "ivan",
                "--password-stdin"));

        CliRunner.Result refused = ivan.run("admin", "oidc-issuer", "add", "https://gitlab.com");

        assertThat(refused.exitCode()).isEqualTo(4);
    }
}
