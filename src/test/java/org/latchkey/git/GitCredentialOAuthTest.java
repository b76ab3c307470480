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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.git.GitClient.Result;
import org.latchkey.http.web.Browser;
import org.latchkey.store.TestDatabases.Engine;
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
 * with PKCE, and the push succeeds with no token typed or stored by hand.
 *
 * <p>Without {@code credential.helper cache} nothing keeps the token between git commands
 * (git-credential-oauth 0.4.2 has no {@code store}): the next push asks again, and since the grant
 * is remembered the browser is sent straight back without a consent click.
 */
class GitCredentialOAuthTest {

    static final Path HELPER = Path.of("/usr/bin/git-credential-oauth");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void git_push_through_git_credential_oauth_and_a_consent_page_in_chromium(Engine engine) throws Exception {
        boolean installed = Files.isExecutable(HELPER);
        if (!installed) {
            System.err.println("\n*** GIT-CREDENTIAL-OAUTH TEST SKIPPED: " + HELPER + " is missing."
                    + " Install it with: apt-get install -y git-credential-oauth ***\n");
        }
        Assumptions.assumeTrue(installed, HELPER + " is missing: apt-get install -y git-credential-oauth");
        try (Browser browser = Browser.start(); TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("website", true);
            JsonNode app = server.send("POST", "/api/v1/user/oauth-apps", "token " + fixture.adminSession,
                    "{\"name\":\"git-credential-oauth\",\"homepage_url\":\"https://github.com/hickford/git-credential-oauth\","
                            + "\"callback_urls\":[\"http://127.0.0.1\"],\"confidential\":false}").json();
            String clientId = app.path("client_id").asText();
            assertThat(clientId).isNotEmpty();

            GitClient git = new GitClient(temp.resolve("home"));
            Path opened = temp.resolve("opened-url");
            git.addToPath(opener(temp.resolve("bin"), opened));
            String key = "credential." + server.baseUrl();
            git.ok(git.home(), "config", "--global", "credential.helper", "oauth");
            git.ok(git.home(), "config", "--global", key + ".oauthClientId", clientId);
            git.ok(git.home(), "config", "--global", key + ".oauthAuthURL", "/login/oauth/authorize");
            git.ok(git.home(), "config", "--global", key + ".oauthTokenURL", "/login/oauth/access_token");
            git.ok(git.home(), "config", "--global", key + ".oauthScopes", "repo");
            Path tree = git.newWorkTree("website");
            git.ok(tree, "remote", "add", "origin", url);

            ChromeDriver driver = browser.driver;
            signIn(driver, server);

            CompletableFuture<Result> push = CompletableFuture.supplyAsync(() -> git.run(tree, "push", "origin", "main"));
            String authorize = awaitUrl(opened, push);
            assertThat(authorize).startsWith(server.baseUrl() + "/login/oauth/authorize?")
                    .contains("client_id=" + clientId).contains("code_challenge_method=S256")
                    .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A");
            driver.get(authorize);
            assertThat(driver.getPageSource()).contains("git-credential-oauth").contains("Full control of private repositories");
            driver.findElement(By.id("approve")).click();
            Result first = push.get(60, TimeUnit.SECONDS);
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith("http://127.0.0.1:")
                    && !d.getCurrentUrl().startsWith(server.baseUrl()));

            assertThat(first.ok()).as(first.output()).isTrue();
            assertThat(first.output()).contains("Please complete authentication in your browser");
            assertThat(driver.getPageSource()).contains("Success");
            String pushed = git.ok(tree, "rev-parse", "HEAD").output().strip();
            String admin = fixture.adminToken("checker", "[\"repo\"]");
            assertThat(git.ok(tree, "-c", "credential.helper=", "ls-remote", GitServerFixture.withToken(url, admin),
                    "refs/heads/main").output()).startsWith(pushed);

            JsonNode grants = server.get("/api/v1/user/oauth-grants", "token " + fixture.adminSession).json();
            assertThat(grants).hasSize(1);
            assertThat(grants.get(0).path("app").path("name").asText()).isEqualTo("git-credential-oauth");
            String grant = "/api/v1/user/oauth-grants/" + grants.get(0).path("id").asLong();
            server.latchkey().flushUsage();
            JsonNode tokens = server.get(grant + "/tokens", "token " + fixture.adminSession).json();
            JsonNode used = tokens.findParents("type").stream().filter(t -> t.path("type").asText().equals("access")
                    && t.path("last_used_at").isTextual()).findFirst().orElseThrow(() -> new AssertionError(tokens.toString()));
            JsonNode usage = server.get(grant + "/tokens/" + used.path("id").asLong() + "/usage",
                    "token " + fixture.adminSession).json();
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
    }

    private static void signIn(ChromeDriver driver, TestServer server) {
        driver.get(server.baseUrl() + "/login");
        driver.findElement(By.id("login")).sendKeys(FirstAdmin.LOGIN);
        driver.findElement(By.id("password")).sendKeys(server.adminPassword());
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
