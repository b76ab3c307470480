package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey alerts} against a real server: a revoked token presented again, then listed and acknowledged. */
class AlertsEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    @Test
    void lists_the_alert_of_a_revoked_token_as_a_table_or_json_and_acknowledges_it() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        JsonNode token = json(admin.run("token", "create", "--name", "leaky", "--scopes", "repo", "--json"));
        String id = token.path("id").asText();
        ok(admin.run("token", "revoke", id));
        CliRunner.Result refused = admin.env("LATCHKEY_TOKEN", token.path("token").asText()).run("whoami");
        admin.env("LATCHKEY_TOKEN", null);
        assertThat(refused.exitCode()).isEqualTo(3);

        CliRunner.Result table = ok(admin.run("alerts"));
        JsonNode alerts = json(admin.run("alerts", "--json"));
        String alertId = alerts.get(0).path("id").asText();
        CliRunner.Result acknowledged = ok(admin.run("alerts", "acknowledge", alertId));
        JsonNode after = json(admin.run("alerts", "--limit", "1", "--json"));

        assertThat(table.out()).containsPattern("^ID\\s+TIME\\s+RULE\\s+TOKEN\\s+FROM\\s+NOTIFIED\\s+ACK\\s+MESSAGE\n")
                .containsPattern("\n" + alertId + "\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\s+revoked_token_used\\s+"
                        + id + " leaky\\s+127\\.0\\.0\\.1\\s+yes\\s+-\\s+Your token 'leaky'");
        assertThat(table.out()).doesNotContain(token.path("token").asText());
        assertThat(alerts.get(0).path("rule").asText()).isEqualTo("revoked_token_used");
        assertThat(alerts.get(0).path("token_id").asText()).isEqualTo(id);
        assertThat(acknowledged.out()).isEqualTo("Alert " + alertId + " acknowledged.\n");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).path("acknowledged").asBoolean()).isTrue();
    }

    @Test
    void bad_options_and_unknown_alerts_are_refused() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));

        CliRunner.Result zero = admin.run("alerts", "--limit", "0");
        CliRunner.Result unknown = admin.run("alerts", "acknowledge", "987654");

        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("--limit must be from 1 to 100\n");
        assertThat(unknown.exitCode()).isEqualTo(5);
    }
}
