package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * Revoked, expired and suspended tokens presented again and again, as a forgotten CI job or an
 * attacker replaying a leaked secret does: the audit log records them coalesced (its growth is
 * bounded, its counts exact), the dead secret alone is throttled with a 429, and the address is
 * locked out only for guessing (unknown secrets, wrong passwords), never for a dead token.
 */
class DeadTokenReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ADDRESSES = 1_000;
    private static final int PER_ADDRESS = 20;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_replay_flood_from_a_thousand_addresses_adds_a_few_hundred_audit_rows_and_loses_no_count(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode revoked = revokedToken(server, session, "doomed");
            JsonNode expired = server.createToken(session, "{\"name\":\"lapsed\",\"scopes\":[],\"expires_in_days\":1}");
            server.clock().advance(Duration.ofDays(2));
            String live = server.createToken(server.signInAdmin(), "{\"name\":\"live\",\"scopes\":[]}").get("token").asText();
            toNextHour(server);

            Map<String, Integer> statuses = new HashMap<>();
            for (int i = 0; i < ADDRESSES; i++) {
                try (KeptAliveConnection connection = new KeptAliveConnection(server.baseUrl(), loopback(i))) {
                    for (int n = 0; n < PER_ADDRESS; n++) {
                        JsonNode token = n % 2 == 0 ? revoked : expired;
                        statuses.merge(status(connection.get("/api/v1/user", "token " + token.get("token").asText())), 1,
                                Integer::sum);
                        server.clock().advance(Duration.ofMillis(100));
                    }
                }
            }
            try (KeptAliveConnection connection = new KeptAliveConnection(server.baseUrl(), loopback(ADDRESSES - 1))) {
                assertThat(status(connection.get("/api/v1/user", "token " + live))).isEqualTo("200");
            }
            server.clock().advance(Duration.ofHours(1));
            server.latchkey().flushUsage();
            Response chain = server.get("/api/v1/admin/audit-log/verify", "token " + server.signInAdmin());
            server.stop();

            assertThat(statuses.keySet()).containsOnly("401", "429");
            assertThat(statuses.get("429")).isGreaterThan(ADDRESSES * PER_ADDRESS / 2);
            assertThat(chain.json().get("intact").asBoolean()).isTrue();
            assertThat(rows(server, "audit_events")).isBetween(200L, 400L);
            assertThat(rows(server, "security_alerts")).isLessThan(150L);
            assertThat(presentations(server, "token.revoked_token_used", revoked.get("id").asLong()))
                    .isEqualTo(ADDRESSES * PER_ADDRESS / 2);
            assertThat(presentations(server, "token.expired_token_used", expired.get("id").asLong()))
                    .isEqualTo(ADDRESSES * PER_ADDRESS / 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_addresss_repeats_are_one_event_with_their_count_and_first_and_last_times_and_a_clean_stop_keeps_them(
            Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = revokedToken(server, session, "deploy");
            String auth = "token " + token.get("token").asText();
            Instant hour = toNextHour(server);
            for (int i = 0; i < 3; i++) {
                assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(401);
                server.clock().advance(Duration.ofMinutes(10));
            }
            try (KeptAliveConnection other = new KeptAliveConnection(server.baseUrl(), InetAddress.getByName("127.0.0.2"))) {
                assertThat(status(other.get("/api/v1/user", auth))).isEqualTo("401");
            }
            List<JsonNode> atOnce = deadUses(server, session);

            server.clock().advance(Duration.ofMinutes(30));
            server.latchkey().flushUsage();
            List<JsonNode> afterTheHour = deadUses(server, session);
            for (int i = 0; i < 4; i++) {
                server.get("/api/v1/user", auth);
            }
            server.stop();

            assertThat(atOnce).extracting(e -> e.get("ip").asText()).containsExactly("127.0.0.2", "127.0.0.1");
            assertThat(atOnce).allSatisfy(e -> assertThat(e.get("details").get("count").asText()).isEqualTo("1"));
            assertThat(atOnce.get(1).get("details").get("first_at").asText()).isEqualTo(hour.toString());
            assertThat(afterTheHour).hasSize(3);
            JsonNode repeats = afterTheHour.get(0);
            assertThat(repeats.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(repeats.get("token_id").asLong()).isEqualTo(token.get("id").asLong());
            assertThat(repeats.get("details").get("count").asText()).isEqualTo("2");
            assertThat(repeats.get("details").get("first_at").asText()).isEqualTo(hour.plus(Duration.ofMinutes(10)).toString());
            assertThat(repeats.get("details").get("last_at").asText()).isEqualTo(hour.plus(Duration.ofMinutes(20)).toString());
            assertThat(presentations(server, "token.revoked_token_used", token.get("id").asLong())).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_dead_token_presented_thirty_times_is_throttled_alone_and_its_address_still_signs_in(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String dead = "token " + revokedToken(server, session, "ci on the NAT host").get("token").asText();
            String otherDead = "token " + revokedToken(server, session, "other").get("token").asText();
            String live = "token " + server.createToken(session, "{\"name\":\"live\",\"scopes\":[]}").get("token").asText();

            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 35; i++) {
                answers.add(server.get("/api/v1/user", dead).status());
            }
            Response throttled = server.get("/api/v1/user", dead);

            assertThat(answers.subList(0, 30)).containsOnly(401);
            assertThat(answers.subList(30, 35)).containsOnly(429);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
            assertThat(throttled.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(throttled.json().get("message").asText()).contains("This token was revoked on", "presented too often");
            assertThat(server.get("/api/v1/user", otherDead).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", live).status()).isEqualTo(200);
            assertThat(server.signInAdmin()).startsWith("lks_");

            server.clock().advance(Duration.ofMinutes(16));
            assertThat(server.get("/api/v1/user", dead).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void cycling_dead_tokens_locks_nothing_but_thirty_guesses_among_them_lock_the_address(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            List<String> dead = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                dead.add(revokedToken(server, session, "dead " + i).get("token").asText());
            }
            String live = "token " + server.createToken(session, "{\"name\":\"live\",\"scopes\":[]}").get("token").asText();
            for (int round = 0; round < 40; round++) {
                dead.forEach(secret -> assertThat(server.get("/api/v1/user", "token " + secret).status()).isIn(401, 429));
            }
            assertThat(server.get("/api/v1/user", live).status()).isEqualTo(200);

            List<String> guesses = new ArrayList<>();
            for (String secret : dead) {
                guesses.add("token " + secret.toUpperCase(Locale.ROOT));
                guesses.add("token " + secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A"));
                guesses.add("token " + TokenFormat.generate(TokenType.CLASSIC, new SecureRandom()));
                guesses.add("Bearer " + TokenFormat.generate(TokenType.FINE_GRAINED, new SecureRandom()));
            }
            for (String guess : guesses) {
                assertThat(server.get("/api/v1/user", guess).status()).as(guess).isEqualTo(401);
                assertThat(server.get("/api/v1/user", "token " + dead.get(0)).status()).isEqualTo(429);
            }
            for (int i = 0; i < 9; i++) {
                assertThat(server.send("POST", "/api/v1/session", null,
                        "{\"username\":\"nobody\",\"password\":\"guess " + i + "\"}").status()).isEqualTo(401);
            }
            assertThat(server.get("/api/v1/user", live).status()).isEqualTo(200);
            assertThat(server.send("POST", "/api/v1/session", null,
                    "{\"username\":\"nobody\",\"password\":\"one more\"}").status()).isEqualTo(401);
            Response locked = server.get("/api/v1/user", live);

            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.json().get("error").asText()).isEqualTo("locked_out");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_suspended_token_throttled_for_its_retries_works_as_soon_as_it_is_resumed(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = "token " + server.signInAdmin();
            JsonNode token = server.createToken(session.substring(6), "{\"name\":\"nightly\",\"scopes\":[]}");
            String auth = "token " + token.get("token").asText();
            String path = "/api/v1/user/tokens/" + token.get("id").asLong();
            assertThat(server.send("POST", path + "/suspend", session, null).status()).isEqualTo(200);
            for (int i = 0; i < 30; i++) {
                assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(401);
            }
            Response throttled = server.get("/api/v1/user", auth);
            assertThat(server.send("POST", path + "/resume", session, null).status()).isEqualTo(200);

            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.json().get("error").asText()).isEqualTo("token_suspended");
            assertThat(server.get("/api/v1/user", auth).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_rotated_away_secret_replayed_revokes_its_family_once_and_writes_one_family_event(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String first = "token " + server.createToken(session, "{\"name\":\"bot\",\"scopes\":[\"self_rotate\"]}")
                    .get("token").asText();
            String second = "token " + server.send("POST", "/api/v1/tokens/self/rotate", first, null).json()
                    .get("token").asText();
            server.clock().advance(Duration.ofSeconds(61));

            List<Response> replays = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                replays.add(server.get("/api/v1/user", first));
            }
            List<String> actions = new ArrayList<>();
            server.get("/api/v1/user/audit-log?per_page=100", "token " + session).json()
                    .forEach(event -> actions.add(event.get("action").asText()));

            assertThat(replays).allSatisfy(reply -> assertThat(reply.json().get("message").asText())
                    .contains("whole family was revoked"));
            assertThat(server.get("/api/v1/user", second).status()).isEqualTo(401);
            assertThat(actions.stream().filter("token.family_revoked"::equals)).hasSize(1);
            assertThat(actions.stream().filter("token.revoked_token_used"::equals)).hasSize(1);
        }
    }

    private static JsonNode revokedToken(TestServer server, String session, String name) {
        JsonNode token = server.createToken(session, "{\"name\":\"" + name + "\",\"scopes\":[]}");
        assertThat(server.send("POST", "/api/v1/user/tokens/" + token.get("id").asLong() + "/revoke", "token " + session,
                null).status()).isEqualTo(204);
        return token;
    }

    /** Moves the clock to the start of the next hour, so that what follows falls in one window; answers that hour. */
    private static Instant toNextHour(TestServer server) {
        Instant now = server.clock().instant();
        Instant next = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        server.clock().advance(Duration.between(now, next));
        return next;
    }

    /** The {@code i}th of the flood's loopback addresses, 127.0.1.1 onwards. */
    private static InetAddress loopback(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250), (byte) (1 + i % 250)});
    }

    private static String status(String head) {
        return head.substring(9, 12);
    }

    private static List<JsonNode> deadUses(TestServer server, String session) {
        List<JsonNode> events = new ArrayList<>();
        server.get("/api/v1/user/audit-log?per_page=100", "token " + session).json().forEach(event -> {
            if (event.get("action").asText().equals("token.revoked_token_used")) {
                events.add(event);
            }
        });
        return events;
    }

    private static long rows(TestServer server, String table) throws Exception {
        try (Connection connection = server.connectToDatabase(); Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            count.next();
            return count.getLong(1);
        }
    }

    /** The presentations the stored events of this action and token stand for: the sum of their counts. */
    private static long presentations(TestServer server, String action, long tokenId) throws Exception {
        long sum = 0;
        try (Connection connection = server.connectToDatabase(); Statement statement = connection.createStatement();
             ResultSet events = statement.executeQuery("SELECT details FROM audit_events WHERE action = '" + action
                     + "' AND token_id = " + tokenId)) {
            while (events.next()) {
                sum += JSON.readTree(events.getString("details")).get("count").asLong();
            }
        }
        return sum;
    }
}
