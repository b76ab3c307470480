package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.oauth.OAuthHarness.cookie;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Device requests live in the database: the code asked of one node, typed on another and polled on
 * either; of concurrent approvals only one counts, and of concurrent polls of an approved request
 * only one gets tokens.
 */
class DeviceFlowAcrossNodesTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @Test
    void aCodeAskedOfOneNode_isTypedOnAnother_andPolledOnEither_andItsCodesAreStoredHashed() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            OAuthHarness onA = new OAuthHarness(a);
            OAuthHarness onB = new OAuthHarness(b);
            String session = a.signInAdmin();
            String clientId = onA.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            JsonNode started = onA.startDevice(clientId, "repo");
            String deviceCode = started.path("device_code").asText();
            String userCode = started.path("user_code").asText();

            assertThat(onB.pollDevice(clientId, deviceCode).json().path("error").asText()).isEqualTo("authorization_pending");
            assertThat(onA.pollDevice(clientId, deviceCode).json().path("error").asText())
                    .as("the poll on B counts on A").isEqualTo("slow_down");
            a.clock().advance(Duration.ofSeconds(11));

            Response page = onB.devicePage(session);
            Response approved = onB.postForm("/login/device/decide", cookie(session), Map.of(
                    "_csrf", OAuthHarness.csrf(page), "user_code", userCode, "decision", "approve"));
            assertThat(approved.body()).contains("Device connected");

            Response tokens = onA.pollDevice(clientId, deviceCode);
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(b.get("/api/v1/user", "Bearer " + tokens.json().path("access_token").asText()).status())
                    .isEqualTo(200);
            a.clock().advance(Duration.ofSeconds(30));
            assertThat(onB.pollDevice(clientId, deviceCode).json().path("error").asText()).isEqualTo("invalid_grant");

            try (Connection db = a.connectToDatabase();
                 ResultSet rows = db.createStatement().executeQuery("SELECT * FROM oauth_device_requests")) {
                StringBuilder dump = new StringBuilder();
                while (rows.next()) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        Object value = rows.getObject(i);
                        dump.append(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                                : String.valueOf(value)).append('|');
                    }
                }
                assertThat(dump.toString()).doesNotContain(deviceCode).doesNotContain(userCode)
                        .doesNotContain(userCode.replace("-", ""));
            }
        }
    }

    @Test
    void concurrentApprovalsOnTwoNodes_oneCounts_andConcurrentPollsOnTwoNodes_issueOneTokenPair() throws Exception {
        try (TestServer a = TestServer.start(Engine.POSTGRESQL); TestServer b = a.startPeer()) {
            List<OAuthHarness> nodes = List.of(new OAuthHarness(a), new OAuthHarness(b));
            String session = a.signInAdmin();
            String clientId = nodes.get(0).publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            race(List.of(a, b), nodes, session, clientId);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void onOneNode_concurrentApprovalsCountOnce_andConcurrentPollsIssueOneTokenPair(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            String clientId = oauth.publicApp(session, "http://127.0.0.1/cb").path("client_id").asText();
            race(List.of(server, server), List.of(oauth, oauth), session, clientId);
        }
    }

    private static void race(List<TestServer> servers, List<OAuthHarness> nodes, String session, String clientId)
            throws Exception {
        JsonNode started = nodes.get(0).startDevice(clientId, "repo");
        String deviceCode = started.path("device_code").asText();
        String userCode = started.path("user_code").asText();
        List<String> csrf = new ArrayList<>();
        for (OAuthHarness node : nodes) {
            csrf.add(OAuthHarness.csrf(node.devicePage(session)));
        }

        List<Response> approvals = Concurrently.run(8, i -> nodes.get(i % 2).postForm("/login/device/decide", cookie(session),
                Map.of("_csrf", csrf.get(i % 2), "user_code", userCode, "decision", i % 4 == 3 ? "deny" : "approve")));
        List<Response> won = approvals.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).as("one answer of eight counts").hasSize(1);
        assertThat(approvals.stream().filter(r -> r.status() == 400).count()).isEqualTo(7);
        boolean deniedFirst = won.get(0).body().contains("Request denied");

        servers.get(0).clock().advance(Duration.ofMinutes(1));
        List<Response> polls = Concurrently.run(8, i -> nodes.get(i % 2).pollDevice(clientId, deviceCode));
        List<Response> issued = polls.stream().filter(r -> r.status() == 200).toList();
        if (deniedFirst) {
            assertThat(issued).isEmpty();
            assertThat(polls).extracting(r -> r.json().path("error").asText()).contains("access_denied");
            return;
        }
        assertThat(issued).as("one poll of eight gets the tokens").hasSize(1);
        assertThat(polls).filteredOn(r -> r.status() != 200).extracting(r -> r.json().path("error").asText())
                .allMatch(e -> e.equals("slow_down") || e.equals("invalid_grant"));
        String audit = servers.get(0).get("/api/v1/user/audit-log", "token " + session).body();
        assertThat(audit.split("oauth.token_issued", -1).length - 1).as("tokens issued once").isEqualTo(1);
    }
}
