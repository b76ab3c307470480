package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Once the server has answered that a user, a token or a revocation was written, a {@code kill -9}
 * right after the answer loses none of it, and a revoked token never comes back to life. The
 * server runs as a process of its own, killed with SIGKILL the moment the last answer arrives.
 * (store.DurabilityTest does the same for the store alone.)
 */
class CrashDurabilityTest {

    private static final String DORA_PASSWORD = "doras long password";
    private static final String ERIN_PASSWORD = "erins long password";
    private static final int BATCH = 12;
    /** The old secret is presented seconds after its rotation, across restarts with the system clock: reuse at once. */
    private static final String[] NO_REUSE_INTERVAL = {"--rotation-reuse-interval", "0"};

    @ParameterizedTest
    @EnumSource(Engine.class)
    void what_the_server_answered_survives_a_kill_9_and_a_revoked_token_stays_revoked(Engine engine) throws Exception {
        Path dataDir = Files.createTempDirectory("latchkey-durability-");
        try (TestDatabases.PostgresUrl pg = engine == Engine.POSTGRESQL ? TestDatabases.freshPostgresUrl() : null) {
            String db = pg == null ? null : pg.url();
            Tokens tokens;
            List<String> batch;
            String replacement;
            try (ServerProcess server = ServerProcess.start(dataDir, db, NO_REUSE_INTERVAL)) {
                tokens = createUsersAndTokens(server.client(), ServerProcess.adminPassword(dataDir));
                server.kill();
            }
            try (ServerProcess server = ServerProcess.start(dataDir, db, NO_REUSE_INTERVAL)) {
                assertUsersAndTokensSurvived(server.client(), tokens);
                batch = createBatchConcurrently(server.client(), tokens.doraSession());
                server.kill();
            }
            try (ServerProcess server = ServerProcess.start(dataDir, db, NO_REUSE_INTERVAL)) {
                ApiClient api = server.client();
                batch.forEach(secret -> assertThat(api.get("/api/v1/user", "token " + secret).status()).isEqualTo(200));
                String dora = api.signIn("dora", DORA_PASSWORD);
                Response rotated = api.send("POST", "/api/v1/tokens/self/rotate", "token " + tokens.rotating(), null);
                Response revoked = api.send("POST", "/api/v1/user/tokens/" + tokens.doomedId() + "/revoke", "token " + dora, null);
                server.kill();
                assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
                assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
                replacement = rotated.json().get("token").asText();
            }
            try (ServerProcess server = ServerProcess.start(dataDir, db, NO_REUSE_INTERVAL)) {
                assertRotationSurvived(server.client(), tokens.rotating(), replacement);
                assertRevocationSurvived(server.client(), tokens);
                SecretScan.assertClean("the server's output", server.output(),
                        Set.of(DORA_PASSWORD, ERIN_PASSWORD, ServerProcess.adminPassword(dataDir)));
            }
        } finally {
            deleteTree(dataDir);
        }
    }

    /** The secrets and ids created before the first kill; the last answer before it creates erin. */
    private record Tokens(String doraSession, String live, String rotating, String doomed, long doomedId) {
    }

    private static Tokens createUsersAndTokens(ApiClient api, String adminPassword) {
        String admin = api.signIn("admin", adminPassword);
        api.createUser(admin, "dora", DORA_PASSWORD);
        String dora = api.signIn("dora", DORA_PASSWORD);
        String live = api.createToken(dora, "{\"name\":\"live\",\"scopes\":[\"repo\"]}").get("token").asText();
        String rotating = api.createToken(dora, "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}").get("token").asText();
        JsonNode doomed = api.createToken(dora, "{\"name\":\"doomed\",\"scopes\":[\"repo\"]}");
        for (String secret : new String[] {live, rotating, doomed.get("token").asText()}) {
            assertThat(api.get("/api/v1/user", "token " + secret).status()).isEqualTo(200);
        }
        api.createUser(admin, "erin", ERIN_PASSWORD);
        return new Tokens(dora, live, rotating, doomed.get("token").asText(), doomed.get("id").asLong());
    }

    private static void assertUsersAndTokensSurvived(ApiClient api, Tokens tokens) {
        assertThat(api.signIn("erin", ERIN_PASSWORD)).startsWith("lks_");
        assertThat(api.signIn("dora", DORA_PASSWORD)).startsWith("lks_");
        assertThat(api.get("/api/v1/user", "token " + tokens.doraSession()).json().get("login").asText()).isEqualTo("dora");
        for (String secret : new String[] {tokens.live(), tokens.rotating(), tokens.doomed()}) {
            Response user = api.get("/api/v1/user", "token " + secret);
            assertThat(user.status()).as(user.body()).isEqualTo(200);
        }
    }

    /** Creates tokens on several connections at once; the kill follows the last answer. */
    private static List<String> createBatchConcurrently(ApiClient api, String session) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<JsonNode>> created = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                String request = "{\"name\":\"batch " + i + "\",\"scopes\":[]}";
                created.add(pool.submit(() -> api.createToken(session, request)));
            }
            List<String> secrets = new ArrayList<>();
            for (Future<JsonNode> token : created) {
                secrets.add(token.get().get("token").asText());
            }
            return secrets;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The new secret works; the old one is refused, and presenting it revokes the family, as without a crash. */
    private static void assertRotationSurvived(ApiClient api, String old, String replacement) {
        assertThat(api.get("/api/v1/user", "token " + replacement).status()).isEqualTo(200);
        Response reused = api.get("/api/v1/user", "token " + old);
        assertThat(reused.status()).as(reused.body()).isEqualTo(401);
        assertThat(reused.json().get("error").asText()).isEqualTo("token_revoked");
        assertThat(api.get("/api/v1/user", "token " + replacement).status()).isEqualTo(401);
    }

    private static void assertRevocationSurvived(ApiClient api, Tokens tokens) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Response refused = api.get("/api/v1/user", "token " + tokens.doomed());
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(refused.json().get("message").asText()).contains("was revoked on");
        }
        assertThat(api.get("/api/v1/user", "token " + tokens.live()).status()).isEqualTo(200);
        String dora = api.signIn("dora", DORA_PASSWORD);
        JsonNode doomed = api.get("/api/v1/user/tokens/" + tokens.doomedId(), "token " + dora).json();
        assertThat(doomed.get("state").asText()).isEqualTo("revoked");
        List<String> actions = new ArrayList<>();
        api.get("/api/v1/user/audit-log?per_page=100", "token " + dora).json().forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("user.created", "session.created", "token.created", "token.rotated", "token.revoked",
                "token.revoked_token_used", "token.family_revoked");
        assertThat(actions.stream().filter("token.created"::equals)).hasSize(3 + BATCH);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
