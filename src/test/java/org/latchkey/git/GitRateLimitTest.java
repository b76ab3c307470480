package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Git passes the same gate as the API: each smart-HTTP request made with a token counts against
 * the token's hourly limit and is recorded once in its usage log, and past the limit git prints
 * the 429's reason as {@code remote:} text until the window resets.
 */
class GitRateLimitTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_git_request_counts_against_the_hourly_limit_and_is_recorded_once(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("api", true);
            JsonNode token = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = token.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            git.ok(git.newWorkTree("api"), "push", GitServerFixture.withToken(url, secret), "main");
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(url, secret), "api-clone");

            Response user = GitServerFixture.expect(200, server.get("/api/v1/user", "token " + secret));
            int used = Integer.parseInt(user.header("X-RateLimit-Used"));
            server.latchkey().flushUsage();
            String usage = "/api/v1/user/tokens/" + token.get("id").asLong();
            JsonNode advice = GitServerFixture.expect(200, server.get(usage + "/advice", "token " + fixture.adminSession)).json();
            JsonNode gitUses = GitServerFixture.expect(200, server.get(usage + "/usage?kind=git&per_page=100",
                    "token " + fixture.adminSession)).json();

            assertThat(used).as("a push and a clone are at least four git requests, then one API call").isGreaterThanOrEqualTo(5);
            assertThat(advice.get("total_uses").asLong()).as(advice.toString()).isEqualTo(used);
            assertThat(sumOfUses(gitUses)).isEqualTo(used - 1);
        }
    }

    @Test
    void past_the_limit_git_shows_the_reason_as_remote_text_with_retry_after_until_the_window_resets() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withRateLimitPerHour(3))) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("api", true);
            String secret = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}")
                    .get("token").asText();
            for (int i = 0; i < 3; i++) {
                GitServerFixture.expect(200, fetchRefs(server, secret));
            }
            GitClient git = new GitClient(temp.resolve("home"));

            Response limited = fetchRefs(server, secret);
            GitClient.Result clone = git.run(temp, "clone", "-q", GitServerFixture.withToken(url, secret), "refused");
            Response api = server.get("/api/v1/user", "token " + secret);

            assertThat(limited.status()).isEqualTo(429);
            assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3000L, 3600L);
            assertThat(limited.header("Content-Type")).startsWith("text/plain");
            assertThat(limited.body()).startsWith("API rate limit exceeded for this token. The limit resets at ");
            assertThat(clone.ok()).isFalse();
            assertThat(clone.output()).contains("remote: API rate limit exceeded for this token").contains("429")
                    .doesNotContain(secret);
            assertThat(api.status()).isEqualTo(429);

            server.clock().advance(Duration.ofHours(1));
            git.ok(temp, "clone", "-q", GitServerFixture.withToken(url, secret), "cloned");
        }
    }

    @Test
    void anonymous_clones_of_a_public_repository_are_neither_counted_nor_recorded() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("open", false);
            JsonNode token = server.createToken(fixture.adminSession, "{\"name\":\"ci\",\"scopes\":[\"repo\"]}");
            String secret = token.get("token").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            git.ok(git.newWorkTree("open"), "push", GitServerFixture.withToken(url, secret), "main");
            int before = Integer.parseInt(server.get("/api/v1/user", "token " + secret).header("X-RateLimit-Used"));

            for (int i = 0; i < 3; i++) {
                git.ok(temp, "clone", "-q", url, "clone-" + i);
            }
            int after = Integer.parseInt(server.get("/api/v1/user", "token " + secret).header("X-RateLimit-Used"));
            server.latchkey().flushUsage();
            JsonNode pulls = GitServerFixture.expect(200, server.get("/api/v1/user/tokens/" + token.get("id").asLong()
                    + "/usage?kind=git", "token " + fixture.adminSession)).json();

            assertThat(after).isEqualTo(before + 1);
            assertThat(pulls.findValuesAsText("action")).containsOnly("push");
        }
    }

    private static long sumOfUses(JsonNode uses) {
        long sum = 0;
        for (JsonNode use : uses) {
            assertThat(use.get("kind").asText()).isEqualTo("git");
            assertThat(use.get("repository").asText()).isEqualTo("admin/api");
            assertThat(use.get("operation").asText()).isIn("git-upload-pack", "git-receive-pack");
            assertThat(use.get("action").asText()).isIn("pull", "push");
            sum += use.get("uses").asLong();
        }
        return sum;
    }

    private static Response fetchRefs(TestServer server, String token) {
        String basic = Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8));
        return server.client().send("GET", "/admin/api.git/info/refs?service=git-upload-pack",
                Map.of("Authorization", "Basic " + basic), null);
    }
}
