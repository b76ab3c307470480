package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.account.FirstAdmin;
import org.latchkey.git.GitClient.Result;
import org.latchkey.http.web.Browser;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.tls.Curl;
import org.latchkey.tls.TlsTestServer;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * git-credential-oauth (the Debian package) as a person sets it up for a Latchkey host: a public
 * OAuth app with a loopback callback, {@code credential.helper oauth} and the helper's
 * {@code oauth*} keys in the global git config. {@code git push} runs the helper, which opens the
 * authorize URL (through {@code open} on the PATH, here a script handing the URL to the test); the
 * test plays the person in a real headless Chromium, signed in through the login page, approving the
 * consent page; the browser lands on the helper's loopback listener, the helper exchanges the code
 * with PKCE, and the push succeeds with no token typed or stored by hand. Over plain HTTP on both
 * engines, and over HTTPS, where git ({@code GIT_SSL_CAINFO}) and the helper ({@code SSL_CERT_FILE})
 * trust the server through the test's authority.
 *
 * <p>Without {@code credential.helper cache} nothing keeps the token between git commands
 * (git-credential-oauth 0.4.2 has no {@code store}): the next push asks again, and since the grant
 * is remembered the browser is sent straight back without a consent click.
 */
class GitCredentialOAuthTest {

    static final Path HELPER = Path.of("/usr/bin/git-credential-oauth");

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @TempDir
    Path temp;

    /** The server's API as the test reaches it: plain HTTP, or HTTPS through curl trusting the test's authority. */
    interface Api {
        JsonNode call(String method, String path, String authorization, String body, int expected);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void git_push_through_git_credential_oauth_and_a_consent_page_in_chromium(Engine engine) throws Exception {
        assumeHelperInstalled();
        try (Browser browser = Browser.start(); TestServer server = TestServer.start(engine)) {
            Api api = (method, path, authorization, body, expected) -> {
                Response answer = server.send(method, path, authorization, body);
                assertThat(answer.status()).as(answer.body()).isEqualTo(expected);
                return answer.body().isEmpty() ? null : answer.json();
            };
            GitClient git = new GitClient(temp.resolve("home"));
            pushWithoutATokenTypedOrStored(browser, server, server.baseUrl(), api, server.signInAdmin(), git);
        }
    }

    @Test
    void over_https_the_helper_and_git_trust_the_server_through_the_test_authority() throws Exception {
        assumeHelperInstalled();
        try (Browser browser = Browser.start(List.of("--ignore-certificate-errors"));
             TlsTestServer tls = TlsTestServer.start(temp.resolve("server"))) {
            Api api = (method, path, authorization, body, expected) -> {
                List<String> args = new java.util.ArrayList<>(List.of("-X", method, "-H", "Authorization: " + authorization));
                if (body != null) {
                    args.addAll(List.of("-H", "Content-Type: application/json", "--data", body));
                }
                args.add(tls.baseUrl() + path);
                Curl.Result answer = TlsTestServer.expect(expected, tls.curl().run(args.toArray(String[]::new)));
                return answer.body().isEmpty() ? null : TlsTestServer.json(answer);
            };
            GitClient git = new GitClient(temp.resolve("home"));
            git.env("GIT_SSL_CAINFO", tls.caFile().toString());
            git.env("SSL_CERT_FILE", tls.caFile().toString());
            pushWithoutATokenTypedOrStored(browser, tls.server(), tls.baseUrl(), api, tls.signInAdmin(), git);
        }
    }

    private void pushWithoutATokenTypedOrStored(Browser browser, TestServer server, String baseUrl, Api api, String session,
                                                GitClient git) throws Exception {
        String url = api.call("POST", "/api/v1/user/repos", "token " + session, "{\"name\":\"website\",\"private\":true}", 201)
                .get("clone_url").asText();
        JsonNode app = api.call("POST", "/api/v1/user/oauth-apps", "token " + session,
                "{\"name\":\"git-credential-oauth\",\"homepage_url\":\"https://github.com/hickford/git-credential-oauth\","
                        + "\"callback_urls\":[\"http://127.0.0.1\"],\"confidential\":false}", 201);
        String clientId = app.path("client_id").asText();
        assertThat(clientId).isNotEmpty();

        Path opened = temp.resolve("opened-url");
        git.addToPath(opener(temp.resolve("bin"), opened));
        String key = "credential." + baseUrl;
        git.ok(git.home(), "config", "--global", "credential.helper", "oauth");
        git.ok(git.home(), "config", "--global", key + ".oauthClientId", clientId);
        git.ok(git.home(), "config", "--global", key + ".oauthAuthURL", "/login/oauth/authorize");
        git.ok(git.home(), "config", "--global", key + ".oauthTokenURL", "/login/oauth/access_token");
        git.ok(git.home(), "config", "--global", key + ".oauthScopes", "repo");
        Path tree = git.newWorkTree("website");
        git.ok(tree, "remote", "add", "origin", url);

        ChromeDriver driver = browser.driver;
        signIn(driver, baseUrl, server.adminPassword());

        CompletableFuture<Result> push = CompletableFuture.supplyAsync(() -> git.run(tree, "push", "origin", "main"));
        String authorize = awaitUrl(opened, push);
        assertThat(authorize).startsWith(baseUrl + "/login/oauth/authorize?")
                .contains("client_id=" + clientId).contains("code_challenge_method=S256")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
        driver.get(authorize);
        assertThat(driver.getPageSource()).contains("git-credential-oauth").contains("Full control of private repositories");
        driver.findElement(By.id("approve")).click();
        Result first = push.get(60, TimeUnit.SECONDS);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:")
                && !d.getCurrentUrl().startsWith(baseUrl));

        assertThat(first.ok()).as(first.output()).isTrue();
        assertThat(first.output()).contains("Please complete authentication in your browser");
        assertThat(driver.getPageSource()).contains("Success");
        String pushed = git.ok(tree, "rev-parse", "HEAD").output().strip();
        String checker = api.call("POST", "/api/v1/user/tokens", "token " + session,
                "{\"name\":\"checker\",\"scopes\":[\"repo\"]}", 201).get("token").asText();
        assertThat(git.ok(tree, "-c", "credential.helper=", "ls-remote",
                url.replace("://", "://x-access-token:" + checker + "@"), "refs/heads/main").output()).startsWith(pushed);

        JsonNode grants = api.call("GET", "/api/v1/user/oauth-grants", "token " + session, null, 200);
        assertThat(grants).hasSize(1);
        assertThat(grants.get(0).path("app").path("name").asText()).isEqualTo("git-credential-oauth");
        String grant = "/api/v1/user/oauth-grants/" + grants.get(0).path("id").asLong();
        server.latchkey().flushUsage();
        JsonNode tokens = api.call("GET", grant + "/tokens", "token " + session, null, 200);
        JsonNode used = tokens.findParents("type").stream().filter(t -> t.path("type").asText().equals("access")
                && t.path("last_used_at").isTextual()).findFirst().orElseThrow(() -> new AssertionError(tokens.toString()));
        JsonNode usage = api.call("GET", grant + "/tokens/" + used.path("id").asLong() + "/usage", "token " + session, null, 200);
        assertThat(usage.toString()).as("the push was made with the app's lko_ token").contains("git-receive-pack");

        Files.deleteIfExists(opened);
        git.commitFile(tree, "index.html", "<h1>hello</h1>\n");
        CompletableFuture<Result> again = CompletableFuture.supplyAsync(() -> git.run(tree, "push", "origin", "main"));
        driver.get(awaitUrl(opened, again));
        Result second = again.get(60, TimeUnit.SECONDS);

        assertThat(second.ok()).as("the remembered grant needs no second click: " + second.output()).isTrue();
        assertThat(second.output()).as("nothing kept the first token: the helper asked again")
                .contains("Please complete authentication in your browser");
        assertThat(driver.getPageSource()).contains("Success");
        assertThat(first.output() + second.output()).doesNotContain("lko_").doesNotContain("lkr_");
        assertThat(git.home().resolve(".git-credentials")).doesNotExist();
    }

    private static void assumeHelperInstalled() {
        boolean installed = Files.isExecutable(HELPER);
        if (!installed) {
            System.err.println("\n*** GIT-CREDENTIAL-OAUTH TEST SKIPPED: " + HELPER + " is missing."
                    + " Install it with: apt-get install -y git-credential-oauth ***\n");
        }
        Assumptions.assumeTrue(installed, HELPER + " is missing: apt-get install -y git-credential-oauth");
    }

    private static void signIn(ChromeDriver driver, String baseUrl, String password) {
        driver.get(baseUrl + "/login");
        driver.findElement(By.id("login")).sendKeys(FirstAdmin.LOGIN);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/settings/tokens")
                && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState;")));
    }

    /** The URL the helper handed to {@code open}, waiting while git runs. */
    private static String awaitUrl(Path opened, CompletableFuture<Result> git) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(opened) && !Files.readString(opened).isBlank()) {
                return Files.readString(opened).strip();
            }
            if (git.isDone()) {
                throw new AssertionError("git ended before the helper opened a browser:\n" + git.get().output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the helper opened no browser");
    }

    /** {@code dir/open}: what the helper runs to open a browser; it writes the URL where the test reads it. */
    private static Path opener(Path dir, Path target) {
        try {
            Files.createDirectories(dir);
            Path script = dir.resolve("open");
            Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$1\" > '" + target + ".tmp' && mv '" + target + ".tmp' '"
                    + target + "'\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
