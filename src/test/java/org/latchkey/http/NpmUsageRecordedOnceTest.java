package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * npm passes the same gate as the API: each registry request made with a token is one use in its
 * usage log, named for what npm did ({@code npm publish @admin/tool}), and counts once against
 * the token's hourly limit; past it npm gets its JSON error with 429.
 */
class NpmUsageRecordedOnceTest {

    private static final byte[] TARBALL = "a tarball".getBytes();

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void each_npm_request_is_one_use_named_for_what_npm_did(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"npm\",\"scopes\":[\"write:packages\"]}");
            String auth = "Bearer " + token.get("token").asText();

            expect(201, server.send("PUT", "/npm/@admin%2ftool", auth, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", TARBALL)));
            expect(200, server.get("/npm/@admin%2ftool", auth));
            expect(200, server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", auth));
            expect(200, server.get("/npm/-/whoami", auth));
            Response user = expect(200, server.get("/api/v1/user", auth));
            server.latchkey().flushUsage();
            String path = "/api/v1/user/tokens/" + token.get("id").asLong();
            JsonNode uses = expect(200, server.get(path + "/usage?per_page=100", "token " + session)).json();
            JsonNode advice = expect(200, server.get(path + "/advice", "token " + session)).json();

            assertThat(uses.findValuesAsText("operation")).containsExactlyInAnyOrder("npm publish @admin/tool",
                    "npm view @admin/tool", "npm install @admin/tool", "GET /npm/-/whoami", "GET /api/v1/user");
            assertThat(uses.findValuesAsText("uses")).containsOnly("1");
            assertThat(advice.get("total_uses").asLong()).isEqualTo(5);
            assertThat(user.header("X-RateLimit-Used")).isEqualTo("5");
        }
    }

    @Test
    void the_npm_client_is_counted_and_recorded_once_per_request() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode token = server.createToken(session, "{\"name\":\"npm\",\"scopes\":[\"write:packages\"]}");
            String secret = token.get("token").asText();
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());
            npm.ok(npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n"), secret, "publish");
            npm.ok(npm.newProject("app"), secret, "install", "@admin/greeting");

            int used = Integer.parseInt(expect(200, server.get("/api/v1/user", "token " + secret)).header("X-RateLimit-Used"));
            server.latchkey().flushUsage();
            String path = "/api/v1/user/tokens/" + token.get("id").asLong();
            JsonNode uses = expect(200, server.get(path + "/usage?per_page=100", "token " + session)).json();
            JsonNode advice = expect(200, server.get(path + "/advice", "token " + session)).json();

            assertThat(uses.findValuesAsText("operation")).contains("npm publish @admin/greeting", "npm view @admin/greeting")
                    .noneMatch(operation -> operation.startsWith("PUT /npm/"));
            assertThat(advice.get("total_uses").asLong()).as(uses.toString()).isEqualTo(used);
        }
    }

    @Test
    void past_the_limit_npm_gets_its_json_error_with_429_until_the_window_resets() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(2))) {
            String auth = "Bearer " + server.createToken(server.signInAdmin(),
                    "{\"name\":\"npm\",\"scopes\":[\"write:packages\"]}").get("token").asText();
            expect(201, server.send("PUT", "/npm/@admin%2ftool", auth, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", TARBALL)));
            expect(200, server.get("/npm/@admin%2ftool", auth));

            Response limited = server.send("PUT", "/npm/@admin%2ftool", auth,
                    NpmRegistryTest.publishBody("admin", "tool", "1.0.1", TARBALL));

            assertThat(limited.status()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3000L, 3600L);
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(limited.json().get("error").asText()).startsWith("API rate limit exceeded for this token.");
            assertThat(limited.json().get("code").asText()).isEqualTo("rate_limited");
            server.clock().advance(Duration.ofHours(1));
            expect(201, server.send("PUT", "/npm/@admin%2ftool", auth, NpmRegistryTest.publishBody("admin", "tool", "1.0.1", TARBALL)));
        }
    }

    @Test
    void past_the_limit_the_npm_client_says_so() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(1))) {
            String secret = server.createToken(server.signInAdmin(), "{\"name\":\"npm\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            expect(200, server.get("/api/v1/user", "token " + secret));
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());

            // npm retries a 429 twice, backing off 10 s to 60 s: the first answer is what is tested.
            NpmClient.Result refused = npm.run(npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n"), secret,
                    "publish", "--fetch-retries", "0");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("429").contains("API rate limit exceeded for this token")
                    .doesNotContain(secret);
        }
    }

    private static Response expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.body());
        }
        return response;
    }
}
