package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Self-rotation that keeps the old token until the new one confirms: at no moment does the caller
 * hold no working token. The old one stops only on confirm; a cancelled replacement stops instead.
 */
class SelfRotationTest {

    private static final String KEEP_OLD = "{\"keep_old_until_confirmed\":true}";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_old_token_works_until_the_new_one_confirms_and_then_is_revoked_as_rotated(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            JsonNode old = server.createToken(session.substring(6), "{\"name\":\"bot\",\"scopes\":[\"repo\",\"self_rotate\"]}");
            String oldSecret = "token " + old.get("token").asText();

            Response rotated = server.send("POST", "/api/v1/tokens/self/rotate", oldSecret, KEEP_OLD);
            String newSecret = "token " + rotated.json().get("token").asText();
            int oldBeforeConfirm = server.get("/api/v1/user", oldSecret).status();
            int newBeforeConfirm = server.get("/api/v1/user", newSecret).status();
            Response confirmed = server.send("POST", "/api/v1/tokens/self/rotate/confirm", newSecret, null);
            JsonNode oldAfter = server.get("/api/v1/user/tokens/" + old.get("id").asLong(), session).json();
            Response confirmedAgain = server.send("POST", "/api/v1/tokens/self/rotate/confirm", newSecret, null);

            assertThat(rotated.status()).isEqualTo(201);
            assertThat(rotated.json().get("name").asText()).isEqualTo("bot");
            assertThat(oldBeforeConfirm).isEqualTo(200);
            assertThat(newBeforeConfirm).isEqualTo(200);
            assertThat(confirmed.status()).isEqualTo(200);
            assertThat(confirmed.json().get("revoked_token_ids")).extracting(JsonNode::asLong).containsExactly(old.get("id").asLong());
            assertThat(oldAfter.get("state").asText()).isEqualTo("revoked");
            assertThat(oldAfter.get("revocation_reason").asText()).isEqualTo("rotated");
            assertThat(confirmedAgain.json().get("revoked_token_ids")).isEmpty();
            assertThat(server.get("/api/v1/user", newSecret).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user/audit-log", session).body()).contains("token.rotation_confirmed")
                    .contains("kept_until_confirmed");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_cancelled_replacement_stops_and_the_old_token_goes_on_working(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            String oldSecret = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
            String newSecret = "token " + server.send("POST", "/api/v1/tokens/self/rotate", oldSecret, KEEP_OLD).json()
                    .get("token").asText();

            Response notPending = server.send("POST", "/api/v1/tokens/self/rotate/cancel", oldSecret, null);
            Response cancelled = server.send("POST", "/api/v1/tokens/self/rotate/cancel", newSecret, null);
            Response newAfter = server.get("/api/v1/user", newSecret);

            assertThat(notPending.status()).isEqualTo(409);
            assertThat(cancelled.status()).isEqualTo(204);
            assertThat(newAfter.status()).isEqualTo(401);
            assertThat(newAfter.json().get("message").asText()).contains("the rotation that created it was cancelled");
            assertThat(server.get("/api/v1/user", oldSecret).status()).isEqualTo(200);
            assertThat(server.send("POST", "/api/v1/tokens/self/rotate", oldSecret, "{\"keep_old\":1}").status())
                    .isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void without_a_body_the_old_token_is_revoked_at_once_as_before(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            JsonNode old = server.createToken(session.substring(6), "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}");

            Response rotated = server.send("POST", "/api/v1/tokens/self/rotate", "token " + old.get("token").asText(), null);

            assertThat(rotated.status()).isEqualTo(201);
            assertThat(server.get("/api/v1/user/tokens/" + old.get("id").asLong(), session).json().get("state").asText())
                    .isEqualTo("revoked");
        }
    }
}
