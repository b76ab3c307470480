package org.latchkey.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.account.FirstAdmin;
import org.latchkey.store.TestDatabases.Engine;

/** The web interface over plain HTTP: redirects to sign in, CSRF, security headers, lockout, sudo mode. */
class WebPagesHttpTest {

    private static final Pattern SECRET = Pattern.compile("id=\"token-secret\" class=\"secret\">(lkp_[A-Za-z0-9]+)<");

    @ParameterizedTest
    @EnumSource(Engine.class)
    void pages_that_need_a_session_redirect_to_login_and_come_back_after_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            for (String path : new String[] {"/settings/tokens", "/settings/tokens/new", "/settings/tokens/1", "/settings/security-log"}) {
                HttpResponse<String> page = web.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(303);
                assertThat(page.headers().firstValue("Location")).as(path)
                        .hasValue("/login?return_to=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(web.get("/").headers().firstValue("Location")).hasValue("/settings/tokens");

            String csrf = web.csrf("/login?return_to=%2Fsettings%2Fsecurity-log");
            HttpResponse<String> signedIn = web.post("/login", "_csrf", csrf, "login", FirstAdmin.LOGIN,
                    "password", server.adminPassword(), "return_to", "/settings/security-log");
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(signedIn.headers().firstValue("Location")).hasValue("/settings/security-log");
            String cookie = signedIn.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(WebSession.COOKIE + "=")).findFirst().orElseThrow();
            assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
            assertThat(cookie.substring(WebSession.COOKIE.length() + 1)).startsWith("lks_");

            HttpResponse<String> log = web.get("/settings/security-log");
            assertThat(log.statusCode()).isEqualTo(200);
            assertThat(log.body()).contains("session.created");

            WebClient other = new WebClient(server);
            HttpResponse<String> offsite = other.post("/login", "_csrf", other.csrf("/login"), "login", FirstAdmin.LOGIN,
                    "password", server.adminPassword(), "return_to", "//evil.example/settings/");
            assertThat(offsite.headers().firstValue("Location")).hasValue("/settings/tokens");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_page_carries_the_security_headers(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            assertSecurityHeaders(web.get("/login"));
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            for (String path : new String[] {"/settings/tokens", "/settings/tokens?tab=fine-grained", "/settings/tokens/new",
                    "/settings/tokens/new-fine-grained", "/settings/security-log", "/static/web.css", "/static/copy.js"}) {
                HttpResponse<String> page = web.get(path);
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertSecurityHeaders(page);
            }
            assertThat(web.get("/settings/tokens").headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(web.get("/settings/tokens").body()).doesNotContain("<script>").contains("src=\"/static/copy.js\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_post_without_the_session_csrf_token_is_refused_with_403_and_changes_nothing(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            HttpResponse<String> noLoginToken = web.post("/login", "login", FirstAdmin.LOGIN, "password", server.adminPassword());
            assertThat(noLoginToken.statusCode()).isEqualTo(403);
            assertThat(noLoginToken.body()).contains("security token did not match");

            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String[] form = {"name", "csrf test", "expiration", "30", "scopes", "repo"};
            HttpResponse<String> without = web.post("/settings/tokens/new", form);
            assertThat(without.statusCode()).isEqualTo(403);
            assertSecurityHeaders(without);
            HttpResponse<String> wrong = web.post("/settings/tokens/new", "_csrf", "not-the-token", "name", "csrf test",
                    "expiration", "30", "scopes", "repo");
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(web.post("/logout").statusCode()).isEqualTo(403);

            String session = server.signInAdmin();
            assertThat(server.get("/api/v1/user/tokens", "token " + session).json()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_generated_through_the_form_works_against_the_api_and_its_page_is_not_cached(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            HttpResponse<String> created = web.post("/settings/tokens/new", "_csrf", web.csrf("/settings/tokens/new"),
                    "name", "from the form", "description", "made in a test", "expiration", "7", "scopes", "repo",
                    "scopes", "read:audit_log");
            assertThat(created.statusCode()).isEqualTo(200);
            assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(created.body()).contains("You won't be able to see it again");
            Matcher secret = SECRET.matcher(created.body());
            assertThat(secret.find()).isTrue();

            TestServer.Response user = server.get("/api/v1/user", "token " + secret.group(1));
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.header("X-OAuth-Scopes")).isEqualTo("repo, read:audit_log");

            String list = web.get("/settings/tokens").body();
            assertThat(list).contains("from the form", "made in a test").doesNotContain(secret.group(1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void regenerate_revoke_and_delete_through_the_token_page(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            long id = server.createToken(session, "{\"name\":\"box\",\"scopes\":[\"repo\"]}").get("id").asLong();
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String page = "/settings/tokens/" + id;
            String csrf = web.csrf(page);

            HttpResponse<String> badDate = web.post(page + "/regenerate", "_csrf", csrf, "expiration", "custom",
                    "custom_date", "2001-01-01");
            assertThat(badDate.statusCode()).isEqualTo(422);
            assertThat(badDate.body()).contains("The expiration is in the past.");
            HttpResponse<String> regenerated = web.post(page + "/regenerate", "_csrf", csrf, "expiration", "none");
            assertThat(regenerated.statusCode()).isEqualTo(200);
            assertThat(regenerated.headers().firstValue("Cache-Control")).hasValue("no-store");
            Matcher secret = SECRET.matcher(regenerated.body());
            assertThat(secret.find()).isTrue();
            assertThat(server.get("/api/v1/user", "token " + secret.group(1)).status()).isEqualTo(200);
            assertThat(web.get(page).body()).contains("This token has no expiration date");

            HttpResponse<String> revoked = web.post(page + "/revoke", "_csrf", csrf);
            assertThat(revoked.headers().firstValue("Location")).hasValue("/settings/tokens?done=revoked");
            assertThat(server.get("/api/v1/user", "token " + secret.group(1)).status()).isEqualTo(401);
            assertThat(web.post(page + "/regenerate", "_csrf", csrf, "expiration", "30").statusCode()).isEqualTo(409);

            assertThat(web.get(page + "/delete").body()).contains("Delete this token?", "This cannot be undone.");
            assertThat(web.get(page).statusCode()).as("still there after the question").isEqualTo(200);
            assertThat(web.post(page + "/delete", "_csrf", csrf).statusCode()).isEqualTo(303);
            assertThat(web.get(page).statusCode()).isEqualTo(404);
            assertThat(web.get("/settings/tokens/not-a-number").statusCode()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void renaming_a_token_on_its_page_shows_a_refused_name_beside_the_field(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            server.createToken(session, "{\"name\":\"taken\",\"scopes\":[]}");
            long id = server.createToken(session, "{\"name\":\"old name\",\"scopes\":[]}").get("id").asLong();
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String page = "/settings/tokens/" + id;
            String csrf = web.csrf(page);

            HttpResponse<String> clash = web.post(page, "_csrf", csrf, "name", "taken", "description", "kept <b>as typed</b>");
            assertThat(clash.statusCode()).isEqualTo(422);
            assertThat(clash.body()).contains("id=\"settings-name-error\"", "You already have a live token named &#39;taken&#39;.",
                    "kept &lt;b&gt;as typed&lt;/b&gt;");

            HttpResponse<String> saved = web.post(page, "_csrf", csrf, "name", "new name", "description", "now described");
            assertThat(saved.headers().firstValue("Location")).hasValue(page + "?done=saved");
            assertThat(server.get("/api/v1/user/tokens/" + id, "token " + session).json().get("name").asText())
                    .isEqualTo("new name");
            assertThat(web.get(page + "?done=saved").body()).contains("Saved.", "now described");
        }
    }

    @org.junit.jupiter.api.Test
    void a_form_body_that_cannot_be_decoded_is_refused_without_a_server_error() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            WebClient web = new WebClient(server);
            String csrf = web.csrf("/login");
            for (String body : new String[] {"_csrf=%zz&login=%", "_csrf=" + csrf + "&login=%E2%82&password=%"}) {
                assertThat(web.postRaw("/login", body).statusCode()).as(body).isIn(400, 401, 403);
            }
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            String session = web.csrf("/settings/tokens");
            for (String body : new String[] {"_csrf=%zz", "_csrf=" + session + "&name=%&scopes=%C0", "_csrf=" + session
                    + "&name=x&expiration=custom&custom_date=%00"}) {
                HttpResponse<String> answer = web.postRaw("/settings/tokens/new", body);
                assertThat(answer.statusCode()).as(body).isIn(400, 403, 422);
                assertSecurityHeaders(answer);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wrong_passwords_lock_the_account_out_of_the_sign_in_page_too(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            HttpResponse<String> wrong = web.signIn(FirstAdmin.LOGIN, "wrong password");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Incorrect username or password.").contains("value=\"admin\"")
                    .doesNotContain("wrong password");
            for (int i = 0; i < 9; i++) {
                web.signIn(FirstAdmin.LOGIN, "wrong password");
            }
            HttpResponse<String> locked = web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.body()).contains("Too many failed authentication attempts");
            assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void sensitive_pages_ask_for_the_password_again_after_fifteen_minutes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            assertThat(web.get("/settings/tokens/new").statusCode()).isEqualTo(200);

            server.clock().advance(Duration.ofMinutes(16));
            HttpResponse<String> asked = web.get("/settings/tokens/new");
            assertThat(asked.statusCode()).isEqualTo(303);
            assertThat(asked.headers().firstValue("Location")).hasValue("/sudo?return_to=%2Fsettings%2Ftokens%2Fnew");
            assertThat(web.get("/settings/tokens").statusCode()).isEqualTo(200);
            HttpResponse<String> stalePost = web.post("/settings/tokens/new", "_csrf", web.csrf("/settings/tokens"),
                    "name", "too late", "expiration", "30");
            assertThat(stalePost.headers().firstValue("Location")).hasValue("/sudo?return_to=%2Fsettings%2Ftokens%2Fnew");
            assertThat(server.get("/api/v1/user/tokens", "token " + server.signInAdmin()).json()).isEmpty();

            String csrf = web.csrf("/sudo?return_to=%2Fsettings%2Ftokens%2Fnew");
            HttpResponse<String> wrong = web.post("/sudo", "_csrf", csrf, "password", "nope", "return_to", "/settings/tokens/new");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("id=\"sudo-password-error\"", "Incorrect password.")
                    .doesNotContain("/sudo/two-factor");
            HttpResponse<String> confirmed = web.post("/sudo", "_csrf", csrf, "password", server.adminPassword(),
                    "return_to", "/settings/tokens/new");
            assertThat(confirmed.headers().firstValue("Location")).hasValue("/settings/tokens/new");
            assertThat(web.get("/settings/tokens/new").statusCode()).isEqualTo(200);
            assertThat(sudoConfirmations(server, server.signInAdmin())).containsExactly("password");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void signing_out_ends_the_session(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            WebClient web = new WebClient(server);
            web.signIn(FirstAdmin.LOGIN, server.adminPassword());
            HttpResponse<String> out = web.post("/logout", "_csrf", web.csrf("/settings/tokens"));
            assertThat(out.statusCode()).isEqualTo(303);
            assertThat(out.headers().firstValue("Location")).hasValue("/login");
            assertThat(web.get("/settings/tokens").statusCode()).isEqualTo(303);
        }
    }

    static void assertSecurityHeaders(HttpResponse<String> page) {
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    /** How each sudo confirmation in the audit log was made, oldest first. */
    static java.util.List<String> sudoConfirmations(TestServer server, String session) {
        java.util.List<String> via = new java.util.ArrayList<>();
        server.get("/api/v1/user/audit-log?per_page=100", "token " + session).json().forEach(event -> {
            if (event.path("action").asText().equals("session.sudo_confirmed")) {
                via.add(0, event.path("details").path("via").asText());
            }
        });
        return via;
    }
}
