package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The rotation reuse interval: a rotated-away secret presented within it (measured from the
 * rotation) is refused as {@code token_rotated} and the family kept; after it, reuse detection
 * revokes the family. A thief holding the old secret gains nothing inside the interval, and is
 * recorded; repeats do not stretch it.
 */
class RotationReuseIntervalTest {

    private static final String KEEP_OLD = "{\"keep_old_until_confirmed\":true}";

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void within_the_interval_the_old_secret_is_refused_as_rotated_and_the_replacement_keeps_working(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            String old = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"bot\",\"scopes\":[\"repo\",\"self_rotate\"]}").get("token").asText();
            String replacement = "token " + server.send("POST", "/api/v1/tokens/self/rotate", old, null).json()
                    .get("token").asText();

            Response refused = server.get("/api/v1/user", old);
            server.clock().advance(Duration.ofSeconds(59));
            Response stillRefused = server.get("/api/v1/user", old);
            Response selfRotateAgain = server.send("POST", "/api/v1/tokens/self/rotate", old, null);

            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(refused.json().get("message").asText()).contains("This token was rotated on")
                    .contains("use its replacement").contains("If you did not rotate it");
            assertThat(stillRefused.json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(selfRotateAgain.status()).as("the old secret cannot rotate again").isEqualTo(401);
            assertThat(selfRotateAgain.json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(server.get("/api/v1/user", replacement).status()).isEqualTo(200);
            assertThat(actions(server, session)).contains("token.rotated_token_used").doesNotContain("token.family_revoked");
            assertThat(server.get("/api/v1/user/security-alerts", session).body()).doesNotContain("revoked_token_used");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_interval_runs_from_the_rotation_so_repeats_do_not_stretch_it_and_after_it_the_family_is_revoked(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            String old = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
            String replacement = "token " + server.send("POST", "/api/v1/tokens/self/rotate", old, null).json()
                    .get("token").asText();

            List<String> errors = new ArrayList<>();
            for (int second = 0; second < 6; second++) {
                errors.add(server.get("/api/v1/user", old).json().get("error").asText());
                server.clock().advance(Duration.ofSeconds(10));
            }
            Response reused = server.get("/api/v1/user", old);

            assertThat(errors).containsOnly("token_rotated");
            assertThat(reused.status()).isEqualTo(401);
            assertThat(reused.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(reused.json().get("message").asText()).contains("whole family was revoked");
            assertThat(server.get("/api/v1/user", replacement).status()).isEqualTo(401);
            assertThat(actions(server, session)).contains("token.rotated_token_used", "token.family_revoked");
            assertThat(server.get("/api/v1/user/security-alerts", session).body()).contains("revoked_token_used");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_rotation_kept_until_confirmed_counts_from_its_confirmation(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            String old = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
            String replacement = "token " + server.send("POST", "/api/v1/tokens/self/rotate", old, KEEP_OLD).json()
                    .get("token").asText();
            server.clock().advance(Duration.ofMinutes(5));
            assertThat(server.get("/api/v1/user", old).status()).isEqualTo(200);
            assertThat(server.send("POST", "/api/v1/tokens/self/rotate/confirm", replacement, null).status()).isEqualTo(200);
            server.clock().advance(Duration.ofSeconds(30));

            Response refused = server.get("/api/v1/user", old);

            assertThat(refused.json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(server.get("/api/v1/user", replacement).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_flood_within_the_interval_is_throttled_and_cannot_put_off_the_family_revocation_after_it(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            String old = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
            String replacement = "token " + server.send("POST", "/api/v1/tokens/self/rotate", old, null).json()
                    .get("token").asText();

            Response last = null;
            for (int i = 0; i < 31; i++) {
                last = server.get("/api/v1/user", old);
            }
            int replacementWithin = server.get("/api/v1/user", replacement).status();
            server.clock().advance(Duration.ofSeconds(61));
            Response lockedButReused = server.get("/api/v1/user", old);

            assertThat(last.status()).isEqualTo(429);
            assertThat(last.json().get("error").asText()).isEqualTo("token_rotated");
            assertThat(replacementWithin).isEqualTo(200);
            assertThat(lockedButReused.status()).isEqualTo(429);
            assertThat(server.get("/api/v1/user", replacement).status()).as("the family is revoked all the same")
                    .isEqualTo(401);
            assertThat(actions(server, session)).contains("token.family_revoked");
        }
    }

    @Test
    void with_an_interval_of_zero_reuse_is_detected_at_once() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRotationReuseInterval(Duration.ZERO))) {
            String session = server.signInAdmin();
            String old = "token " + server.createToken(session, "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}")
                    .get("token").asText();
            String replacement = "token " + server.send("POST", "/api/v1/tokens/self/rotate", old, null).json()
                    .get("token").asText();

            Response reused = server.get("/api/v1/user", old);

            assertThat(reused.json().get("message").asText()).contains("whole family was revoked");
            assertThat(server.get("/api/v1/user", replacement).status()).isEqualTo(401);
        }
    }

    @Test
    void a_revoked_token_that_was_not_rotated_is_answered_as_revoked_within_the_interval_too() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = "token " + server.signInAdmin();
            JsonNode token = server.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[]}");
            server.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke", session, null);

            Response refused = server.get("/api/v1/user", "token " + token.get("token").asText());

            assertThat(refused.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(refused.json().get("message").asText()).contains("its owner revoked it");
        }
    }

    @Test
    void npm_shows_the_same_refusal_in_its_own_form() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            String old = server.createToken(session, "{\"name\":\"npm-bot\",\"scopes\":[\"read:packages\",\"self_rotate\"]}")
                    .get("token").asText();
            String replacement = server.send("POST", "/api/v1/tokens/self/rotate", "token " + old, null).json()
                    .get("token").asText();
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());
            Path project = npm.newProject("app");

            NpmClient.Result refused = npm.run(project, old, "whoami");
            NpmClient.Result replaced = npm.run(project, replacement, "whoami");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("401").contains("This token was rotated on").contains("use its replacement");
            assertThat(replaced.output().strip()).isEqualTo("admin");
        }
    }

    private static List<String> actions(TestServer server, String session) {
        List<String> actions = new ArrayList<>();
        server.get("/api/v1/user/audit-log?per_page=100", session).json()
                .forEach(event -> actions.add(event.get("action").asText()));
        return actions;
    }
}
