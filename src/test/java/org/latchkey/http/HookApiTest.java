package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.DatabaseDump;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.notice.Receiver;
import org.latchkey.store.TestDatabases;

class HookApiTest {

    private static final String HOOKS = "/api/v1/user/hooks";

    private final TestServer server = TestServer.start(TestDatabases.Engine.H2);
    private final Receiver receiver = new Receiver();
    private final String admin = server.signInAdmin();

    @AfterEach
    void close() throws Exception {
        receiver.close();
        server.close();
    }

    @Test
    void create_showsAGeneratedSecretOnce_listAndShowNever_andTheDatabaseHoldsItOnlyEncrypted() throws Exception {
        Response created = post(admin, "{\"url\":\"" + receiver.url("/in") + "\",\"events\":[\"token.expiring\",\"alert.*\"]}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode hook = created.json();
        String secret = hook.path("secret").asText();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(hook.path("url").asText()).isEqualTo(receiver.url("/in"));
        assertThat(hook.path("events")).extracting(JsonNode::asText).containsExactly("token.expiring", "alert.*");
        assertThat(hook.path("signature_header").asText()).isEqualTo("X-Latchkey-Signature-256");
        long id = hook.path("id").asLong();
        Response shown = server.get(HOOKS + "/" + id, "token " + admin);
        Response listed = server.get(HOOKS, "token " + admin);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().has("secret")).isFalse();
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.body()).doesNotContain(secret);

        server.stop();
        try (Connection connection = server.connectToDatabase()) {
            String dump = DatabaseDump.dump(connection);
            assertThat(dump).contains("hooks.secret_sealed").doesNotContain(secret);
        }
    }

    @Test
    void aServerWithItsDefaults_refusesHooksToItsOwnNetwork_with422() throws Exception {
        try (TestServer production = TestServer.start(TestDatabases.Engine.H2, s -> s.withWebhookAllowLocalNetwork(false))) {
            String session = production.signInAdmin();
            for (String url : new String[] {receiver.url("/in"), "http://169.254.169.254/latest/meta-data/"}) {
                Response refused = production.send("POST", HOOKS, "token " + session, "{\"url\":\"" + url
                        + "\",\"events\":[\"*\"]}");

                assertThat(refused.status()).as(url).isEqualTo(422);
                assertThat(refused.json().path("field").asText()).isEqualTo("url");
                assertThat(refused.json().path("message").asText()).contains("--webhook-allow-local-network");
            }
            assertThat(production.get(HOOKS, "token " + session).json()).isEmpty();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void aGivenSecret_isNeverEchoed() {
        Response created = post(admin, "{\"url\":\"https://ci.example.org/hook\",\"events\":[\"*\"],"
                + "\"secret\":\"a-secret-of-my-own-choosing\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("secret").isNull()).isTrue();
        assertThat(created.body()).doesNotContain("a-secret-of-my-own-choosing");
    }

    @Test
    void badFields_areRefusedWith422_namingTheField() {
        assertRefused(post(admin, "{\"url\":\"ftp://example.org/x\",\"events\":[\"*\"]}"), 422, "invalid", "url");
        assertRefused(post(admin, "{\"url\":\"not a url\",\"events\":[\"*\"]}"), 422, "invalid", "url");
        assertRefused(post(admin, "{\"events\":[\"*\"]}"), 422, "missing_field", "url");
        assertRefused(post(admin, "{\"url\":\"https://example.org/x\"}"), 422, "missing_field", "events");
        assertRefused(post(admin, "{\"url\":\"https://example.org/x\",\"events\":[\"Token!\"]}"), 422, "invalid", "events");
        Response shortSecret = post(admin, "{\"url\":\"https://example.org/x\",\"events\":[\"*\"],\"secret\":\"tiny-secret\"}");
        assertRefused(shortSecret, 422, "invalid", "secret");
        assertThat(shortSecret.body()).doesNotContain("tiny-secret");
        assertThat(post(admin, "{\"url\":\"https://example.org/x\",\"events\":\"*\"}").status()).isEqualTo(422);
    }

    @Test
    void anotherUsersHook_aDeletedHook_andAnUnknownId_areAll404() {
        server.client().createUser(admin, "grace", "grace-password-1234");
        String grace = server.signIn("grace", "grace-password-1234");
        long id = post(admin, "{\"url\":\"https://example.org/x\",\"events\":[\"*\"]}").json().path("id").asLong();

        assertThat(server.get(HOOKS + "/" + id, "token " + grace).status()).isEqualTo(404);
        assertThat(server.send("DELETE", HOOKS + "/" + id, "token " + grace, null).status()).isEqualTo(404);
        assertThat(server.get(HOOKS + "/" + id + "/deliveries", "token " + grace).status()).isEqualTo(404);
        assertThat(server.send("DELETE", HOOKS + "/" + id, "token " + admin, null).status()).isEqualTo(204);
        assertThat(server.get(HOOKS + "/" + id, "token " + admin).status()).isEqualTo(404);
        assertThat(server.send("DELETE", HOOKS + "/" + id, "token " + admin, null).status()).isEqualTo(404);
        assertThat(server.get(HOOKS + "/999999", "token " + admin).status()).isEqualTo(404);
        assertThat(server.get(HOOKS + "/abc", "token " + admin).status()).isEqualTo(404);
    }

    @Test
    void aPersonalAccessToken_cannotManageHooks() {
        String pat = server.createToken(admin, "{\"name\":\"ci\",\"scopes\":[\"repo\",\"user\"],\"expires_in_days\":7}")
                .path("token").asText();

        Response refused = post(pat, "{\"url\":\"https://example.org/x\",\"events\":[\"*\"]}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(server.get(HOOKS, "token " + pat).status()).isEqualTo(403);
    }

    @Test
    void ping_isDeliveredNow_andAppearsInTheDeliveryLog() {
        long id = post(admin, "{\"url\":\"" + receiver.url("/in") + "\",\"events\":[\"token.expiring\"]}").json()
                .path("id").asLong();
        receiver.answer(502);

        Response failed = server.send("POST", HOOKS + "/" + id + "/ping", "token " + admin, null);
        Response delivered = server.send("POST", HOOKS + "/" + id + "/ping", "token " + admin, null);
        Response log = server.get(HOOKS + "/" + id + "/deliveries?per_page=1", "token " + admin);
        Response rest = server.get(HOOKS + "/" + id + "/deliveries?per_page=10&before=" + log.json().get(0).path("id").asLong(),
                "token " + admin);

        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().path("delivered").asBoolean()).isFalse();
        assertThat(failed.json().path("status_code").asInt()).isEqualTo(502);
        assertThat(failed.json().path("error").asText()).isEqualTo("the receiver answered HTTP 502");
        assertThat(delivered.json().path("delivered").asBoolean()).isTrue();
        assertThat(receiver.requests()).extracting(r -> r.header("X-Latchkey-Event")).containsExactly("ping", "ping");
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.header("Link")).contains("before=");
        JsonNode newest = log.json().get(0);
        assertThat(newest.path("event").asText()).isEqualTo("ping");
        assertThat(newest.path("status_code").asInt()).isEqualTo(200);
        assertThat(newest.path("attempt").asInt()).isEqualTo(1);
        assertThat(newest.path("state").asText()).isEqualTo("delivered");
        assertThat(newest.path("notice_id").isNull()).isTrue();
        assertThat(newest.has("at")).isTrue();
        assertThat(rest.json()).singleElement().satisfies(entry -> {
            assertThat(entry.path("state").asText()).isEqualTo("failed");
            assertThat(entry.path("error").asText()).isEqualTo("the receiver answered HTTP 502");
        });
        assertRefused(server.get(HOOKS + "/" + id + "/deliveries?per_page=0", "token " + admin), 422, "invalid", "per_page");
    }

    private Response post(String session, String body) {
        return server.send("POST", HOOKS, "token " + session, body);
    }

    private static void assertRefused(Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).startsWith(field + ":");
    }
}
