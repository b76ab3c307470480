package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.crypto.AesGcm;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code latchkey credential} with {@code credential.latchkeyDeviceFlow true}, run by the real git:
 * the first push signs in through the device flow (the code on standard error, approved on the
 * device page by a signed-in user), later ones reuse the stored app token, an expired one is renewed
 * silently with the refresh token (rotated: the old one is dead), concurrent gits renew it once, and
 * a revoked grant needs the device flow again, which is refused with a message where git may not prompt
 * or in CI (there no device code is requested). The helper runs without a terminal here, so the
 * tests that sign in force the device flow ({@code LATCHKEY_DEVICE_FLOW=force}).
 */
class CredentialHelperDeviceFlowGitTest {

    private static final Pattern CODE = Pattern.compile("Open (\\S+) and enter the code ([A-Z]{4}-[A-Z]{4})");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void git_signs_in_through_the_device_flow_and_renews_silently_with_the_refresh_token(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("website", true);
            GitClient git = new GitClient(temp.resolve("home"));
            Path latchkey = CliLauncher.script(temp.resolve("bin"));
            Path stderr = temp.resolve("helper-stderr");
            helper(git, latchkey, stderr);
            git.ok(git.home(), "config", "--global", "credential.latchkeyDeviceFlow", "true");
            Path tree = git.newWorkTree("website");
            git.ok(tree, "remote", "add", "origin", url);

            CompletableFuture<Result> push = CompletableFuture.supplyAsync(() -> git.run(tree, "push", "origin", "main"));
            approve(server, fixture.adminSession, awaitCode(stderr, push, 1));
            Result first = push.get(60, TimeUnit.SECONDS);
            assertThat(first.ok()).as(first.output() + Files.readString(stderr)).isTrue();
            Vault afterSignIn = Vault.read(git.home());
            assertThat(afterSignIn.password()).startsWith("lko_");
            assertThat(afterSignIn.refreshToken()).startsWith("lkr_");
            assertThat(afterSignIn.username()).isEqualTo("admin");
            assertThat(helperGet(git, latchkey, server)).isEqualTo("username=admin\npassword=" + afterSignIn.password() + "\n");

            git.commitFile(tree, "index.html", "<h1>hello</h1>\n");
            Result second = git.run(tree, "push", "origin", "main");
            assertThat(second.ok()).as(second.output()).isTrue();
            assertThat(codes(stderr)).as("the stored token was used: no second sign-in").isEqualTo(1);
            assertThat(Vault.read(git.home())).isEqualTo(afterSignIn);

            server.clock().advance(Duration.ofHours(9));
            unattended(git);
            List<CompletableFuture<Result>> fetches = List.of(
                    CompletableFuture.supplyAsync(() -> git.run(tree, "fetch", "origin")),
                    CompletableFuture.supplyAsync(() -> git.run(tree, "fetch", "origin")));
            for (CompletableFuture<Result> fetch : fetches) {
                Result done = fetch.get(60, TimeUnit.SECONDS);
                assertThat(done.ok()).as("renewed silently: " + done.output() + Files.readString(stderr)).isTrue();
            }
            Vault renewed = Vault.read(git.home());
            assertThat(codes(stderr)).as("no prompt for the renewal").isEqualTo(1);
            assertThat(signIns(stderr)).as("the renewal in CI started no device flow").isEqualTo(1);
            assertThat(renewed.password()).startsWith("lko_").isNotEqualTo(afterSignIn.password());
            assertThat(renewed.refreshToken()).startsWith("lkr_").isNotEqualTo(afterSignIn.refreshToken());
            assertThat(server.get("/api/v1/user", "token " + afterSignIn.password()).status()).isEqualTo(401);
            assertThat(server.get("/api/v1/user", "token " + renewed.password()).status())
                    .as("the two gits renewed once: no refresh token was presented twice, the grant lives").isEqualTo(200);
            String session = server.signInAdmin();
            JsonNode grants = server.get("/api/v1/user/oauth-grants", "token " + session).json();
            assertThat(grants).hasSize(1);
            assertThat(grants.get(0).path("app").path("name").asText()).isEqualTo("Latchkey CLI");

            Response reuse = refresh(server, afterSignIn.refreshToken());
            assertThat(reuse.body()).as("the old refresh token is used up").contains("invalid_grant");
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + session).json())
                    .as("presenting it revoked the grant (reuse detection)").isEmpty();
            Result inCi = git.run(tree, "fetch", "origin");
            assertThat(inCi.ok()).isFalse();
            assertThat(Files.readString(stderr)).contains("(it has ended); the device flow needs a person, and CI=true"
                    + " says this is a CI job (LATCHKEY_DEVICE_FLOW=force to ask all the same)");
            assertThat(signIns(stderr)).as("no device flow was started in CI").isEqualTo(1);
            assertThat(codes(stderr)).isEqualTo(1);
            git.env("GIT_TERMINAL_PROMPT", "0");
            Result unattended = git.run(tree, "fetch", "origin");
            assertThat(unattended.ok()).isFalse();
            assertThat(Files.readString(stderr)).contains("GIT_TERMINAL_PROMPT=0 forbids asking");
            assertThat(codes(stderr)).isEqualTo(1);

            git.env("GIT_TERMINAL_PROMPT", "1");
            git.env("CI", "");
            git.env("LATCHKEY_DEVICE_FLOW", "force");
            CompletableFuture<Result> again = CompletableFuture.supplyAsync(() -> git.run(tree, "fetch", "origin"));
            approve(server, session, awaitCode(stderr, again, 2));
            Result signedInAgain = again.get(60, TimeUnit.SECONDS);
            assertThat(signedInAgain.ok()).as(signedInAgain.output()).isTrue();
            assertThat(Vault.read(git.home()).password()).isNotEqualTo(renewed.password());

            String everything = first.output() + second.output() + inCi.output() + unattended.output() + signedInAgain.output()
                    + Files.readString(stderr);
            assertThat(everything).doesNotContain("lko_").doesNotContain("lkr_");
            assertThat(Files.readString(git.home().resolve(".config/latchkey/credentials.enc"))).doesNotContain("lko_");
        }
    }

    @Test
    void git_credential_latchkey_with_device_flow_says_what_to_do_where_git_may_not_prompt() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            GitClient git = new GitClient(temp.resolve("home"));
            git.addToPath(CliLauncher.distribution(temp.resolve("latchkey")));
            git.env("JAVA_HOME", System.getProperty("java.home"));
            git.ok(git.home(), "config", "--global", "credential.helper", "latchkey --device-flow");

            Result clone = git.run(git.home(), "clone", url, "app");

            assertThat(clone.ok()).isFalse();
            assertThat(clone.output()).contains("latchkey: no sign-in for " + server.baseUrl() + " (none yet)")
                    .contains("GIT_TERMINAL_PROMPT=0 forbids asking").doesNotContain("enter the code");
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + fixture.adminSession).json()).isEmpty();
        }
    }

    @Test
    void in_ci_without_the_override_no_device_code_is_requested() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("ci", true);
            GitClient git = new GitClient(temp.resolve("home"));
            Path stderr = temp.resolve("helper-stderr");
            helper(git, CliLauncher.script(temp.resolve("bin")), stderr);
            git.ok(git.home(), "config", "--global", "credential.latchkeyDeviceFlow", "true");
            unattended(git);

            Result clone = git.run(git.home(), "clone", url, "ci");

            assertThat(clone.ok()).isFalse();
            assertThat(Files.readString(stderr)).contains("latchkey: no sign-in for " + server.baseUrl() + " (none yet)")
                    .contains("CI=true says this is a CI job (LATCHKEY_DEVICE_FLOW=force to ask all the same)")
                    .doesNotContain("enter the code");
            server.stop();
            assertThat(deviceRequests(server)).as("the server handed out no device code").isZero();
        }
    }

    /** A CI job: CI=true and no override, as a runner without a terminal has. */
    private static void unattended(GitClient git) {
        git.env("CI", "true");
        git.env("LATCHKEY_DEVICE_FLOW", "");
    }

    /** How many device flows the helper started: it says so before it asks the server for a code. */
    private static int signIns(Path stderr) throws Exception {
        return (int) Pattern.compile("latchkey: sign in to ").matcher(Files.readString(stderr)).results().count();
    }

    /** How many device codes the server handed out (H2: once it is stopped). */
    private static int deviceRequests(TestServer server) throws Exception {
        try (Connection connection = server.connectToDatabase();
             ResultSet count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM oauth_device_requests")) {
            count.next();
            return count.getInt(1);
        }
    }

    /** git's credential.helper: latchkey credential, its standard error kept in a file where the test reads the code. */
    private static void helper(GitClient git, Path latchkey, Path stderr) {
        git.ok(git.home(), "config", "--global", "credential.helper", "!f() { " + CliLauncher.quote(latchkey.toString())
                + " credential \"$@\" 2>>" + CliLauncher.quote(stderr.toString()) + "; }; f");
        git.env("GIT_TERMINAL_PROMPT", "1");
        git.env("LATCHKEY_NO_BROWSER", "1");
        git.env("LATCHKEY_DEVICE_POLL_MILLIS", "200");
        git.env("LATCHKEY_DEVICE_FLOW", "force");
        git.env("CI", "");
    }

    private static int codes(Path stderr) throws Exception {
        return (int) CODE.matcher(Files.exists(stderr) ? Files.readString(stderr) : "").results().count();
    }

    /** The user code of the n-th sign-in the helper printed, waiting while git runs. */
    private static String awaitCode(Path stderr, CompletableFuture<Result> git, int nth) throws Exception {
        for (int i = 0; i < 600; i++) {
            List<String> found = CODE.matcher(Files.exists(stderr) ? Files.readString(stderr) : "").results()
                    .map(match -> match.group(2)).toList();
            if (found.size() >= nth) {
                return found.get(nth - 1);
            }
            if (git.isDone()) {
                throw new AssertionError("git ended before the helper printed a code:\n" + git.get().output()
                        + (Files.exists(stderr) ? Files.readString(stderr) : ""));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the helper printed no code");
    }

    /** The signed-in user approves the code on the device page; the server's frozen clock moves past the poll interval. */
    private static void approve(TestServer server, String session, String userCode) {
        Map<String, String> cookie = Map.of("Cookie", "latchkey_session=" + session);
        Response page = server.client().send("GET", "/login/device?user_code=" + userCode, cookie, null);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).isTrue();
        Response approved = server.client().send("POST", "/login/device/decide",
                Map.of("Cookie", "latchkey_session=" + session, "Content-Type", "application/x-www-form-urlencoded"),
                HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                        + "&user_code=" + userCode + "&decision=approve"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        server.clock().advance(Duration.ofMinutes(2));
    }

    private static Response refresh(TestServer server, String refreshToken) {
        return server.client().send("POST", "/login/oauth/access_token", Map.of("Content-Type",
                        "application/x-www-form-urlencoded", "Accept", "application/json"),
                HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=0000000000000000c11e&refresh_token="
                        + refreshToken));
    }

    private static String helperGet(GitClient git, Path latchkey, TestServer server) {
        Result get = git.exec(git.home(), "protocol=http\nhost=" + server.baseUrl().substring("http://".length()) + "\n\n",
                List.of(latchkey.toString(), "credential", "get"));
        assertThat(get.ok()).as(get.output()).isTrue();
        return get.output();
    }

    /** The device flow's entry in the helper's vault, decrypted as the helper does (the key is in credentials.key). */
    record Vault(String username, String password, String refreshToken) {

        static Vault read(Path home) throws Exception {
            Path dir = home.resolve(".config/latchkey");
            String[] lines = Files.readString(dir.resolve("credentials.enc")).split("\n");
            byte[] key = Base64.getDecoder().decode(Files.readString(dir.resolve("credentials.key")).strip());
            byte[] plain = AesGcm.open(key, Base64.getDecoder().decode(lines[1].strip()),
                    lines[0].getBytes(StandardCharsets.US_ASCII)).orElseThrow();
            JsonNode entry = new ObjectMapper().readTree(plain).path("credentials").get(0);
            return new Vault(entry.path("username").asText(null), entry.path("password").asText(null),
                    entry.path("refreshToken").asText(null));
        }

        @Override
        public String toString() {
            return "Vault[" + username + "]";
        }
    }
}
