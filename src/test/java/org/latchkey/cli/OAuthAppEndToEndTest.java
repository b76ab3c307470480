package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey oauth-app …} against a real server. */
class OAuthAppEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
    }

    @Test
    void create_list_show_rotateSecrets_revokeTokens_andDelete() {
        CliRunner.Result created = ok(admin.run("oauth-app", "create", "CI portal", "--homepage", "https://ci.example",
                "--callback", "https://ci.example/cb,http://127.0.0.1/cb", "--description", "Builds"));
        JsonNode listed = json(admin.run("oauth-app", "list", "--json"));
        String id = listed.get(listed.size() - 1).path("id").asText();
        CliRunner.Result added = ok(admin.run("oauth-app", "secret-add", id));
        JsonNode shown = json(admin.run("oauth-app", "show", id, "--json"));
        String firstSecretId = shown.path("client_secrets").get(0).path("id").asText();
        CliRunner.Result deletedSecret = ok(admin.run("oauth-app", "secret-delete", id, firstSecretId));
        CliRunner.Result show = ok(admin.run("oauth-app", "show", id));
        CliRunner.Result revoked = ok(admin.run("oauth-app", "revoke-tokens", id));
        CliRunner.Result deleted = ok(admin.run("oauth-app", "delete", id));
        CliRunner.Result gone = admin.run("oauth-app", "show", id);
        CliRunner.Result bad = admin.run("oauth-app", "create", "Bad", "--homepage", "https://x.example",
                "--callback", "http://x.example/cb");
        CliRunner.Result publicApp = ok(admin.run("oauth-app", "create", "Tool", "--public", "--homepage",
                "https://t.example", "--callback", "http://127.0.0.1/cb"));

        assertThat(created.out()).contains("registered: CI portal").containsPattern("Client ID: [0-9a-f]{20}\n")
                .containsPattern("\nlkcs_[0-9A-Za-z]{36}\n");
        assertThat(added.out()).containsPattern("\nlkcs_[0-9A-Za-z]{36}\n");
        assertThat(shown.path("client_secrets")).hasSize(2);
        assertThat(deletedSecret.out()).isEqualTo("Client secret " + firstSecretId + " deleted.\n");
        assertThat(show.out()).contains("Owner:       admin").contains("https://ci.example/cb, http://127.0.0.1/cb")
                .doesNotContainPattern("lkcs_[0-9A-Za-z]{36}");
        assertThat(revoked.out()).isEqualTo("0 tokens revoked.\n");
        assertThat(deleted.out()).isEqualTo("OAuth app " + id + " deleted.\n");
        assertThat(gone.exitCode()).isEqualTo(5);
        assertThat(bad.exitCode()).isEqualTo(6);
        assertThat(bad.err()).contains("callback_urls");
        assertThat(publicApp.out()).contains("Public app: no client secret");
    }
}
