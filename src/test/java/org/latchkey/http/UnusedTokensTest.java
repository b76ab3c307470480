package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Tokens unused for a year (or an organisation's shorter time) are revoked, with the clock moved. */
class UnusedTokensTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void tokens_unused_for_a_year_or_for_an_orgs_shorter_time_are_revoked_and_used_ones_kept(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            assertThat(server.send("POST", "/api/v1/orgs", session, "{\"login\":\"acme\"}").status()).isEqualTo(201);
            Response policy = server.send("PUT", "/api/v1/orgs/acme/token-policy", session,
                    "{\"forbid_classic\":false,\"require_approval\":false,\"revoke_unused_after_days\":30}");
            JsonNode idle = token(server, session, "{\"name\":\"idle\",\"scopes\":[\"repo\"],\"expires\":\"never\"}");
            JsonNode busy = token(server, session, "{\"name\":\"busy\",\"scopes\":[\"repo\"],\"expires\":\"never\"}");
            JsonNode fineGrained = token(server, session, "{\"name\":\"acme reader\",\"type\":\"fine_grained\","
                    + "\"resources\":[{\"owner\":\"acme\",\"repositories\":\"all\"}],\"permissions\":{\"contents\":\"read\"},"
                    + "\"expires_in_days\":90}");

            server.clock().advance(Duration.ofDays(29));
            int beforeOrgTime = server.latchkey().revokeUnusedTokens();
            server.clock().advance(Duration.ofDays(2));
            int afterOrgTime = server.latchkey().revokeUnusedTokens();
            server.clock().advance(Duration.ofDays(200));
            assertThat(server.get("/api/v1/user", "token " + busy.get("token").asText()).status()).isEqualTo(200);
            server.clock().advance(Duration.ofDays(135));
            int afterAYear = server.latchkey().revokeUnusedTokens();
            int again = server.latchkey().revokeUnusedTokens();
            String later = "token " + server.signInAdmin();

            assertThat(policy.status()).isEqualTo(200);
            assertThat(policy.json().get("revoke_unused_after_days").asInt()).isEqualTo(30);
            assertThat(beforeOrgTime).isZero();
            assertThat(afterOrgTime).isEqualTo(1);
            assertThat(afterAYear).isEqualTo(1);
            assertThat(again).isZero();
            assertThat(state(server, later, fineGrained)).isEqualTo("revoked unused");
            assertThat(state(server, later, idle)).isEqualTo("revoked unused");
            assertThat(state(server, later, busy)).isEqualTo("active null");
            Response refused = server.get("/api/v1/user", "token " + idle.get("token").asText());
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("message").asText()).contains("it was not used for too long");
            assertThat(server.get("/api/v1/user/audit-log?per_page=100", later).body()).contains("token.revoked_unused")
                    .contains("\"unused_days\":\"30\"").contains("\"unused_days\":\"365\"");

            server.stop();
            List<String> notices = new ArrayList<>();
            try (Connection db = server.connectToDatabase();
                 ResultSet rows = db.createStatement().executeQuery(
                         "SELECT event, dedupe_key, subject, body FROM notices WHERE event = 'token.revoked_unused' ORDER BY id")) {
                while (rows.next()) {
                    notices.add(rows.getString("event") + " | " + rows.getString("dedupe_key") + " | "
                            + rows.getString("subject") + " | " + rows.getString("body"));
                }
            }
            assertThat(notices).as("one notice per revoked token, however often the job ran").hasSize(2);
            assertThat(notices.get(0)).startsWith("token.revoked_unused | token.revoked_unused:" + fineGrained.get("id").asLong()
                    + " | Your token 'acme reader' was revoked after 30 days unused | ").contains("it was never used");
            assertThat(notices.get(1)).startsWith("token.revoked_unused | token.revoked_unused:" + idle.get("id").asLong())
                    .contains("365 days").doesNotContain(idle.get("token").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_server_setting_and_a_bad_policy_value(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withRevokeUnusedAfterDays(0))) {
            String session = "token " + server.signInAdmin();
            server.send("POST", "/api/v1/orgs", session, "{\"login\":\"acme\"}");
            JsonNode idle = token(server, session, "{\"name\":\"idle\",\"scopes\":[\"repo\"],\"expires\":\"never\"}");

            Response bad = server.send("PUT", "/api/v1/orgs/acme/token-policy", session,
                    "{\"forbid_classic\":false,\"require_approval\":false,\"revoke_unused_after_days\":0}");
            server.clock().advance(Duration.ofDays(800));

            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("field").asText()).isEqualTo("revoke_unused_after_days");
            assertThat(server.latchkey().revokeUnusedTokens()).as("0 turns it off").isZero();
            assertThat(server.get("/api/v1/user", "token " + idle.get("token").asText()).status()).isEqualTo(200);
        }
    }

    private static JsonNode token(TestServer server, String session, String request) {
        Response created = server.send("POST", "/api/v1/user/tokens", session, request);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static String state(TestServer server, String session, JsonNode token) {
        JsonNode shown = server.get("/api/v1/user/tokens/" + token.get("id").asLong(), session).json();
        return shown.get("state").asText() + " " + shown.get("revocation_reason").asText();
    }
}
