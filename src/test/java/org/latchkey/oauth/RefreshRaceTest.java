package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Refreshes racing, with real threads released together: of two refreshes with one refresh token,
 * exactly one is answered; the other is reuse detection, which (by design, as for a copied token)
 * revokes the whole grant, the winner's new tokens included. A rotated-away token racing its
 * successor ends the same way. A revoked grant's access token is then refused on the API, git and npm.
 */
class RefreshRaceTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    private static final String CALLBACK = "http://127.0.0.1/cb";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoConcurrentRefreshesWithOneToken_oneWins_theOtherIsReuse_andTheGrantIsRevoked(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Scene scene = scene(server);
            List<Response> answers = Concurrently.run(List.of(
                    () -> refresh(scene, scene.refresh), () -> refresh(scene, scene.refresh)));

            List<Response> won = answers.stream().filter(r -> r.status() == 200).toList();
            assertThat(won).as("exactly one refresh is answered").hasSize(1);
            Response lost = answers.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertThat(lost.status()).isEqualTo(400);
            assertThat(lost.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(lost.json().path("error_description").asText()).contains("already used");

            String winnersAccess = won.get(0).json().path("access_token").asText();
            assertRefusedEverywhere(server, winnersAccess);
            assertRefusedEverywhere(server, scene.access);
            assertThat(refresh(scene, won.get(0).json().path("refresh_token").asText()).status()).isEqualTo(400);
            assertThat(server.get("/api/v1/user/audit-log", "token " + scene.session).body())
                    .contains("oauth.refresh_token_reused");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRotatedAwayTokenRacingItsSuccessor_revokesTheGrant_whicheverComesFirst(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            Scene scene = scene(server);
            Response first = refresh(scene, scene.refresh);
            assertThat(first.status()).isEqualTo(200);
            String successor = first.json().path("refresh_token").asText();

            List<Response> answers = Concurrently.run(List.of(() -> refresh(scene, scene.refresh), () -> refresh(scene, successor)));

            assertThat(answers.get(0).status()).as("the rotated-away token is never answered").isEqualTo(400);
            assertThat(answers.stream().filter(r -> r.status() == 200).count()).isLessThanOrEqualTo(1);
            for (Response answer : answers) {
                if (answer.status() == 200) {
                    assertRefusedEverywhere(server, answer.json().path("access_token").asText());
                }
            }
            assertRefusedEverywhere(server, first.json().path("access_token").asText());
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + scene.session).json()).isEmpty();
        }
    }

    private record Scene(OAuthHarness oauth, String session, String clientId, String access, String refresh) {
    }

    private static Scene scene(TestServer server) {
        OAuthHarness oauth = new OAuthHarness(server);
        String session = server.signInAdmin();
        server.send("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"app\",\"private\":true}");
        String clientId = oauth.publicApp(session, CALLBACK).path("client_id").asText();
        JsonNode tokens = oauth.exchange(clientId, oauth.code(session, clientId, CALLBACK, "repo read:packages"), CALLBACK);
        Scene scene = new Scene(oauth, session, clientId, tokens.path("access_token").asText(),
                tokens.path("refresh_token").asText());
        assertThat(server.get("/api/v1/user", "Bearer " + scene.access).status()).isEqualTo(200);
        assertThat(server.get(gitPath(), basic(scene.access)).status()).isEqualTo(200);
        assertThat(server.get("/npm/-/whoami", "Bearer " + scene.access).status()).isEqualTo(200);
        return scene;
    }

    private static void assertRefusedEverywhere(TestServer server, String access) {
        assertThat(server.get("/api/v1/user", "Bearer " + access).status()).as("API").isEqualTo(401);
        assertThat(server.get(gitPath(), basic(access)).status()).as("git").isEqualTo(401);
        assertThat(server.get("/npm/-/whoami", "Bearer " + access).status()).as("npm").isEqualTo(401);
    }

    private static String gitPath() {
        return "/admin/app.git/info/refs?service=git-upload-pack";
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("x-oauth:" + token).getBytes());
    }

    private static Response refresh(Scene scene, String refreshToken) {
        return scene.oauth.token(Map.of("grant_type", "refresh_token", "client_id", scene.clientId,
                "refresh_token", refreshToken));
    }
}
