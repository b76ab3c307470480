package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.notice.Receiver;

/** {@code latchkey hook …} against a real server and a real receiver. */
class HookEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;
    private final Receiver receiver = new Receiver();

    @BeforeEach
    void loginAsAdmin() {
        admin = new CliRunner(temp.resolve("admin"));
        ok(admin.runWithStdin(SERVER.adminPassword() + "\n", "login", "--server", SERVER.url(), "--user", "admin",
                "--password-stdin"));
    }

    @AfterEach
    void closeReceiver() {
        receiver.close();
    }

    @Test
    void create_list_ping_deliveries_and_delete() {
        CliRunner.Result created = ok(admin.run("hook", "create", receiver.url("/in"), "--events", "token.*,alert.*"));
        JsonNode listed = json(admin.run("hook", "list", "--json"));
        String id = listed.get(listed.size() - 1).path("id").asText();
        CliRunner.Result ping = ok(admin.run("hook", "ping", id));
        CliRunner.Result log = ok(admin.run("hook", "deliveries", id));
        CliRunner.Result table = ok(admin.run("hook", "list"));
        CliRunner.Result deleted = ok(admin.run("hook", "delete", id));
        CliRunner.Result gone = admin.run("hook", "deliveries", id);

        assertThat(created.out()).contains("Hook " + id + " created: " + receiver.url("/in"))
                .contains("Events: token.*, alert.*").containsPattern("\n[0-9a-f]{64}\n");
        assertThat(ping.out()).isEqualTo("Delivered (HTTP 200).\n");
        assertThat(receiver.requests()).singleElement()
                .satisfies(r -> assertThat(r.header("X-Latchkey-Event")).isEqualTo("ping"));
        assertThat(log.out()).containsPattern("^AT\\s+DELIVERY\\s+EVENT\\s+ATTEMPT\\s+STATUS\\s+STATE\\s+ERROR\n")
                .containsPattern("ping\\s+1\\s+200\\s+delivered");
        assertThat(table.out()).contains(receiver.url("/in"));
        assertThat(deleted.out()).isEqualTo("Hook " + id + " deleted.\n");
        assertThat(gone.exitCode()).isEqualTo(5);
    }

    @Test
    void aSecretFromStdin_isNotPrinted_aBadUrlIsRefused_andAFailedPingExitsOne() {
        String secret = "my-own-webhook-secret-0123456789";
        CliRunner.Result created = ok(admin.runWithStdin(secret + "\n", "hook", "create", receiver.url("/x"), "--secret-stdin"));
        CliRunner.Result bad = admin.run("hook", "create", "ftp://example.org/x");
        JsonNode listed = json(admin.run("hook", "list", "--json"));
        String id = listed.get(listed.size() - 1).path("id").asText();
        receiver.answer(500);
        CliRunner.Result failed = admin.run("hook", "ping", id);

        assertThat(created.out()).doesNotContain(secret).doesNotContain("Secret");
        assertThat(bad.exitCode()).isEqualTo(6);
        assertThat(bad.err()).contains("url");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).isEqualTo("Not delivered: the receiver answered HTTP 500\n");
    }
}
