package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.metrics.MetricsScrape;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code /api/v1/user/security-alerts} over HTTP: each rule raised by real requests (the address
 * is the socket's, since the server trusts no X-Forwarded-For, so the new-origin rule is driven by
 * a new user agent here), listed newest first, told once through the outbox, counted in /metrics.
 */
class SecurityAlertsApiTest {

    private static final String PATH = "/api/v1/user/security-alerts";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_revoked_token_presented_again_is_listed_audited_counted_and_told_once_an_hour(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withMetricsToken(MetricsScrape.TOKEN))) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"deploy\",\"scopes\":[\"repo\"]}");
            long id = token.get("id").asLong();
            String secret = token.get("token").asText();
            assertThat(server.send("POST", "/api/v1/user/tokens/" + id + "/revoke", "token " + session, null).status())
                    .isEqualTo(204);

            assertThat(get(server, "token " + secret, "curl/8.5.0").status()).isEqualTo(401);
            assertThat(get(server, "token " + secret, "curl/8.5.0").status()).isEqualTo(401);

            JsonNode alerts = list(server, session, "");
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("rule").asText()).isEqualTo("revoked_token_used");
            assertThat(alert.get("token_id").asLong()).isEqualTo(id);
            assertThat(alert.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(alert.get("user_agent").asText()).isEqualTo("curl/8.5.0");
            assertThat(alert.get("message").asText()).contains("'deploy' (id " + id + ")", "presented again");
            assertThat(alert.get("details").get("token_name").asText()).isEqualTo("deploy");
            assertThat(alert.get("notified").asBoolean()).isTrue();
            assertThat(alert.get("acknowledged").asBoolean()).isFalse();
            assertThat(alert.get("at").asText()).isNotEmpty();
            JsonNode audit = server.get("/api/v1/user/audit-log", "token " + session).json();
            assertThat(audit.findValuesAsText("action")).contains("security.alert", "token.revoked_token_used");
            String metrics = MetricsScrape.scrape(server);
            assertThat(MetricsScrape.value(metrics,
                    "latchkey_security_alerts_total{notice=\"notified\",rule=\"revoked_token_used\"}")).isEqualTo(1.0);
            assertThat(MetricsScrape.value(metrics,
                    "latchkey_security_alerts_total{notice=\"suppressed\",rule=\"revoked_token_used\"}")).isEqualTo(0.0);

            server.clock().advance(Duration.ofHours(1));
            assertThat(get(server, "token " + secret, "curl/8.5.0").status()).isEqualTo(401);
            session = server.signInAdmin();
            assertThat(list(server, session, "")).hasSize(2);

            List<String> notices = notices(server);
            assertThat(notices).hasSize(2).allSatisfy(notice -> assertThat(notice)
                    .startsWith("alert.revoked_token_used|Security alert: A revoked token was used|")
                    .contains("'deploy' (id " + id + ")").doesNotContain(secret));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_expired_token_presented_is_alerted_but_a_signed_out_session_is_not(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String old = server.signInAdmin();
            JsonNode token = server.createToken(old, "{\"name\":\"nightly\",\"scopes\":[],\"expires_in_days\":1}");
            assertThat(server.send("DELETE", "/api/v1/session", "token " + old, null).status()).isEqualTo(204);
            server.clock().advance(Duration.ofDays(2));

            assertThat(get(server, "token " + token.get("token").asText(), "cron").status()).isEqualTo(401);
            assertThat(get(server, "token " + old, "browser").status()).isEqualTo(401);

            JsonNode alerts = list(server, server.signInAdmin(), "");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("rule").asText()).isEqualTo("expired_token_used");
            assertThat(alerts.get(0).get("details").get("token_name").asText()).isEqualTo("nightly");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_new_client_after_days_of_one_pattern_is_alerted_through_the_usage_log(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"ci\",\"scopes\":[\"repo\"],\"expires\":\"never\"}");
            String auth = "token " + token.get("token").asText();
            for (int i = 0; i < 24; i++) {
                assertThat(get(server, auth, "ci-bot/1.0").status()).isEqualTo(200);
                server.latchkey().flushUsage();
                server.clock().advance(Duration.ofHours(4));
            }
            session = server.signInAdmin();
            assertThat(list(server, session, "")).isEmpty();

            assertThat(get(server, auth, "stolen/0.1").status()).isEqualTo(200);
            server.latchkey().flushUsage();

            JsonNode alerts = list(server, session, "");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("rule").asText()).isEqualTo("new_user_agent");
            assertThat(alerts.get(0).get("user_agent").asText()).isEqualTo("stolen/0.1");
            assertThat(alerts.get(0).get("message").asText()).contains("new client 'stolen/0.1'", "used 24 times");
            assertThat(notices(server)).singleElement().asString().startsWith("alert.new_user_agent|");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void ten_wrong_passwords_raise_one_alert_and_acknowledging_it_is_for_its_owner_only(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            server.client().createUser(admin, "grace", "correct horse battery staple");
            for (int i = 0; i < 10; i++) {
                assertThat(server.send("POST", "/api/v1/session", null,
                        "{\"username\":\"grace\",\"password\":\"guess" + i + "\"}").status()).isIn(401, 429);
            }
            server.clock().advance(Duration.ofMinutes(16));
            String grace = server.signIn("grace", "correct horse battery staple");

            JsonNode alerts = list(server, grace, "");
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.get(0);
            assertThat(alert.get("rule").asText()).isEqualTo("failed_authentications");
            assertThat(alert.get("token_id").isNull()).isTrue();
            assertThat(alert.get("details").get("wrong_passwords").asText()).isEqualTo("10");
            assertThat(list(server, server.signInAdmin(), "")).isEmpty();
            long alertId = alert.get("id").asLong();
            String acknowledge = PATH + "/" + alertId + "/acknowledge";

            Response byAdmin = server.send("POST", acknowledge, "token " + server.signInAdmin(), null);
            Response byGrace = server.send("POST", acknowledge, "token " + grace, null);
            Response unknown = server.send("POST", PATH + "/987654/acknowledge", "token " + grace, null);

            assertThat(byAdmin.status()).isEqualTo(404);
            assertThat(byGrace.status()).isEqualTo(200);
            assertThat(byGrace.json().get("acknowledged").asBoolean()).isTrue();
            assertThat(byGrace.json().get("acknowledged_at").asText()).isNotEmpty();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(list(server, grace, "").get(0).get("acknowledged").asBoolean()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pages_newest_first_and_tokens_need_read_audit_log_to_list_and_a_session_to_acknowledge(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            List<String> secrets = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode token = server.createToken(session, "{\"name\":\"t" + i + "\",\"scopes\":[]}");
                server.send("POST", "/api/v1/user/tokens/" + token.get("id").asText() + "/revoke", "token " + session, null);
                secrets.add(token.get("token").asText());
            }
            secrets.forEach(secret -> get(server, "token " + secret, "curl/8.5.0"));
            String reader = "token " + server.createToken(session,
                    "{\"name\":\"reader\",\"scopes\":[\"read:audit_log\"]}").get("token").asText();
            String other = "token " + server.createToken(session, "{\"name\":\"other\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response first = server.get(PATH + "?per_page=2", "token " + session);
            String next = first.header("Link");
            JsonNode rest = list(server, session, next.substring(next.indexOf("?"), next.indexOf(">")));
            Response byReader = server.get(PATH, reader);
            Response byOther = server.get(PATH, other);
            long id = first.json().get(0).get("id").asLong();
            Response ackByReader = server.send("POST", PATH + "/" + id + "/acknowledge", reader, null);

            assertThat(first.json().findValuesAsText("token_name")).containsExactly("t2", "t1");
            assertThat(rest.findValuesAsText("token_name")).containsExactly("t0");
            assertThat(byReader.status()).isEqualTo(200);
            assertThat(byReader.json()).hasSize(3);
            assertThat(byOther.status()).isEqualTo(403);
            assertThat(ackByReader.status()).isEqualTo(403);
            assertThat(server.get(PATH + "?per_page=0", "token " + session).status()).isEqualTo(422);
            assertThat(server.get(PATH + "?before=x", "token " + session).status()).isEqualTo(422);
        }
    }

    private static Response get(TestServer server, String authorization, String userAgent) {
        return server.client().send("GET", "/api/v1/user", Map.of("Authorization", authorization, "User-Agent", userAgent),
                (HttpRequest.BodyPublisher) null);
    }

    private static JsonNode list(TestServer server, String session, String query) {
        Response response = server.get(PATH + query, "token " + session);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** Every notice in the outbox as "event|subject|body|fields", read from the database (H2: after stopping). */
    private static List<String> notices(TestServer server) throws Exception {
        if (server.postgres() == null) {
            server.stop();
        }
        List<String> notices = new ArrayList<>();
        try (Connection connection = server.connectToDatabase(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT event, subject, body, fields FROM notices ORDER BY id")) {
            while (rows.next()) {
                notices.add(rows.getString("event") + "|" + rows.getString("subject") + "|" + rows.getString("body") + "|"
                        + rows.getString("fields"));
            }
        }
        return notices;
    }
}
