package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import picocli.CommandLine;

/**
 * {@code latchkey login --web} against a real server: the CLI prints the code and polls while the
 * test plays the user approving it on the device page with a signed-in session; then
 * {@code latchkey whoami} works with the stored app token.
 */
class WebLoginEndToEndTest {

    private static final Pattern CODE = Pattern.compile("Open (\\S+) and enter the code ([A-Z]{4}-[A-Z]{4})");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path temp;

    @Test
    void loginWeb_printsTheCode_pollsUntilTheUserApproves_andStoresTheAppTokens() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            Map<String, String> env = Map.of("LATCHKEY_CONFIG_DIR", temp.resolve("config").toString(),
                    "LATCHKEY_NO_BROWSER", "1", "LATCHKEY_DEVICE_POLL_MILLIS", "300", "DISPLAY", ":0");
            StringWriter err = new StringWriter();
            StringWriter out = new StringWriter();
            CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> {
                CommandLine cli = LatchkeyCommand.commandLine(new CliEnvironment(env::get, temp.resolve("home"),
                        new ByteArrayInputStream(new byte[0]), () -> null));
                cli.setOut(new PrintWriter(out, true));
                cli.setErr(new PrintWriter(err, true));
                return cli.execute("login", "--web", "--server", server.baseUrl());
            });
            for (int i = 0; i < 400 && !CODE.matcher(err.toString()).find(); i++) {
                Thread.sleep(25);
            }
            Matcher code = CODE.matcher(err.toString());
            assertThat(code.find()).as(err.toString()).isTrue();
            assertThat(code.group(1)).isEqualTo(server.baseUrl() + "/login/device");

            Map<String, String> cookie = Map.of("Cookie", "latchkey_session=" + session);
            Response page = server.client().send("GET", "/login/device?user_code=" + code.group(2), cookie, null);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("Latchkey CLI");
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).isTrue();
            Response approved = server.client().send("POST", "/login/device/decide",
                    Map.of("Cookie", "latchkey_session=" + session, "Content-Type", "application/x-www-form-urlencoded"),
                    HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                            + "&user_code=" + code.group(2) + "&decision=approve"));
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            server.clock().advance(java.time.Duration.ofMinutes(2)); // the server's clock is frozen: let the interval pass

            assertThat(login.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Logged in to " + server.baseUrl() + " as admin");
            String config = Files.readString(temp.resolve("config/config.json"));
            assertThat(config).contains("\"token\" : \"lko_").contains("\"refreshToken\" : \"lkr_");
            CliRunner whoami = new CliRunner(temp);
            CliRunner.Result who = whoami.run("whoami");
            assertThat(who.exitCode()).as(who.err()).isZero();
            assertThat(who.out()).contains("admin");

            Response grants = server.get("/api/v1/user/oauth-grants", "token " + session);
            assertThat(grants.status()).isEqualTo(200);
            assertThat(grants.body()).contains("Latchkey CLI");
            assertThat(server.client().send("GET", "/settings/applications", cookie, null).body()).contains("Latchkey CLI");

            server.clock().advance(java.time.Duration.ofHours(9));
            List<CompletableFuture<CliRunner.Result>> together = List.of(
                    CompletableFuture.supplyAsync(() -> whoami.run("whoami")),
                    CompletableFuture.supplyAsync(() -> whoami.run("whoami")));
            for (CompletableFuture<CliRunner.Result> run : together) {
                CliRunner.Result later = run.get(30, TimeUnit.SECONDS);
                assertThat(later.exitCode()).as("the expired access token is renewed silently: " + later.err()).isZero();
                assertThat(later.out()).contains("admin");
            }
            String renewed = Files.readString(temp.resolve("config/config.json"));
            assertThat(renewed).isNotEqualTo(config).contains("\"token\" : \"lko_").contains("\"refreshToken\" : \"lkr_");
            assertThat(whoami.run("whoami").exitCode()).as("renewed once: no refresh token was presented twice").isZero();
            assertThat(server.get("/api/v1/user/oauth-grants", "token " + server.signInAdmin()).json()).hasSize(1);
        }
    }

    @Test
    void theCliApp_isOwnedByTheServer_andNoUserCanDeleteIt() {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            assertThat(server.get("/api/v1/user/oauth-apps", "token " + session).body()).doesNotContain("0000000000000000c11e");
            assertThat(server.send("DELETE", "/api/v1/user/oauth-apps/1", "token " + session, null).status()).isEqualTo(404);
            assertThat(server.send("PATCH", "/api/v1/user/oauth-apps/1", "token " + session, "{\"name\":\"mine\"}").status())
                    .isEqualTo(404);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
