package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.pkg.Tarballs;
import org.latchkey.store.TestDatabases.Engine;

/** Administering accounts over HTTP on both engines: listing, disabling, the administrator role, deleting. */
class UserAdministrationApiTest {

    private static final String USERS = "/api/v1/admin/users";
    private static final String PASSWORD = "a long and good password";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_list_is_paged_and_shows_state_role_last_sign_in_and_live_tokens(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            for (String login : List.of("bob", "carol", "dave")) {
                server.client().createUser(admin.substring(6), login, PASSWORD);
            }
            String bob = server.signIn("bob", PASSWORD);
            server.createToken(bob, "{\"name\":\"a\",\"scopes\":[\"repo\"]}");
            long revoked = server.createToken(bob, "{\"name\":\"b\",\"scopes\":[\"repo\"]}").get("id").asLong();
            server.createToken(bob, "{\"name\":\"c\",\"scopes\":[\"repo\"],\"expires_in_days\":1}");
            server.send("POST", "/api/v1/user/tokens/" + revoked + "/revoke", "token " + bob, null);
            server.clock().advance(Duration.ofDays(2));
            admin = "token " + server.signInAdmin();

            Response first = server.get(USERS + "?per_page=2", admin);
            Response second = server.get(USERS + "?per_page=2&page=2", admin);
            Response beyond = server.get(USERS + "?per_page=2&page=9", admin);
            Response one = server.get(USERS + "/bob", admin);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json()).extracting(u -> u.get("login").asText()).containsExactly("admin", "bob");
            assertThat(first.header("Link")).contains("page=2>; rel=\"next\"", "page=2>; rel=\"last\"")
                    .doesNotContain("rel=\"prev\"");
            assertThat(second.json()).extracting(u -> u.get("login").asText()).containsExactly("carol", "dave");
            assertThat(second.header("Link")).contains("page=1>; rel=\"prev\"", "page=1>; rel=\"first\"")
                    .doesNotContain("rel=\"next\"");
            assertThat(beyond.json()).isEmpty();
            JsonNode admin0 = first.json().get(0);
            assertThat(admin0.get("site_admin").asBoolean()).isTrue();
            assertThat(admin0.get("state").asText()).isEqualTo("active");
            assertThat(admin0.get("last_sign_in_at").isNull()).isFalse();
            JsonNode shown = one.json();
            assertThat(shown.get("site_admin").asBoolean()).isFalse();
            assertThat(shown.get("live_tokens").asLong()).as("the revoked and the expired token are not live").isEqualTo(1);
            assertThat(shown.get("last_sign_in_at").isNull()).isFalse();
            assertThat(shown.get("created_at").isNull()).isFalse();
            assertThat(shown.get("disabled_at").isNull()).isTrue();
            assertThat(server.get(USERS + "/carol", admin).json().get("last_sign_in_at").isNull()).isTrue();
            assertThat(server.get(USERS + "?per_page=0", admin).status()).isEqualTo(422);
            assertThat(server.get(USERS + "?per_page=101", admin).status()).isEqualTo(422);
            assertThat(server.get(USERS + "?page=0", admin).status()).isEqualTo(422);
            assertThat(server.get(USERS + "?page=x", admin).status()).isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_an_administrators_session_may_call_any_of_the_routes(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            server.client().createUser(admin, "bob", PASSWORD);
            String bob = "token " + server.signIn("bob", PASSWORD);
            String adminToken = "token " + server.createToken(admin,
                    "{\"name\":\"all\",\"scopes\":[\"repo\",\"user\",\"admin:org\",\"read:audit_log\",\"delete_repo\"]}")
                    .get("token").asText();
            List<String[]> routes = List.of(new String[] {"GET", USERS}, new String[] {"GET", USERS + "/admin"},
                    new String[] {"PUT", USERS + "/admin/disabled"}, new String[] {"DELETE", USERS + "/admin/disabled"},
                    new String[] {"PUT", USERS + "/bob/site_admin"}, new String[] {"DELETE", USERS + "/admin/site_admin"},
                    new String[] {"DELETE", USERS + "/admin"});

            for (String[] route : routes) {
                Response user = server.send(route[0], route[1], bob, null);
                Response token = server.send(route[0], route[1], adminToken, null);
                Response anonymous = server.send(route[0], route[1], null, null);
                assertThat(user.status()).as("%s %s by a user", route[0], route[1]).isEqualTo(403);
                assertThat(user.json().get("error").asText()).isEqualTo("admin_required");
                assertThat(token.status()).as("%s %s with a token", route[0], route[1]).isEqualTo(403);
                assertThat(token.json().get("error").asText()).isEqualTo("session_required");
                assertThat(anonymous.status()).isEqualTo(401);
            }
            JsonNode still = server.get(USERS + "/admin", "token " + admin).json();
            assertThat(still.get("site_admin").asBoolean()).isTrue();
            assertThat(still.get("state").asText()).isEqualTo("active");
            assertThat(server.get(USERS + "/bob", "token " + admin).json().get("site_admin").asBoolean()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_disabled_account_is_refused_everywhere_as_disabled_until_enabled_again(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "bob", PASSWORD);
            String session = "token " + server.signIn("bob", PASSWORD);
            String token = "token " + server.createToken(session.substring(6), "{\"name\":\"ci\",\"scopes\":[\"repo\","
                    + "\"read:packages\"]}").get("token").asText();
            assertThat(server.get("/api/v1/user", token).status()).isEqualTo(200);

            Response disabled = server.send("PUT", USERS + "/bob/disabled", admin, null);
            Response api = server.get("/api/v1/user", token);
            Response npm = server.get("/npm/@bob%2ftool", token);
            Response sessionRefused = server.get("/api/v1/user", session);
            Response signIn = server.send("POST", "/api/v1/session", null,
                    "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}");
            Response guess = server.send("POST", "/api/v1/session", null, "{\"username\":\"bob\",\"password\":\"wrong guess\"}");
            Response again = server.send("PUT", USERS + "/bob/disabled", admin, null);

            assertThat(disabled.status()).isEqualTo(200);
            assertThat(disabled.json().get("state").asText()).isEqualTo("disabled");
            assertThat(disabled.json().get("disabled_at").isNull()).isFalse();
            for (Response refused : List.of(api, npm, sessionRefused, signIn)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(403);
                assertThat(refused.body()).contains("This account is disabled").doesNotContain("Bad credentials");
            }
            for (Response refused : List.of(api, sessionRefused, signIn)) {
                assertThat(refused.json().get("error").asText()).isEqualTo("account_disabled");
            }
            assertThat(guess.status()).as("a wrong password learns nothing of the state").isEqualTo(401);
            assertThat(guess.body()).doesNotContain("disabled");
            assertThat(again.status()).isEqualTo(200);

            Response enabled = server.send("DELETE", USERS + "/bob/disabled", admin, null);
            assertThat(enabled.json().get("state").asText()).isEqualTo("active");
            assertThat(server.get("/api/v1/user", token).status()).isEqualTo(200);
            Response oldSession = server.get("/api/v1/user", session);
            assertThat(oldSession.status()).as("disabling ended the sessions").isEqualTo(401);
            assertThat(oldSession.json().get("message").asText()).contains("an administrator disabled the account");
            String fresh = "token " + server.signIn("bob", PASSWORD);
            assertThat(server.get("/api/v1/user/audit-log", fresh).body()).contains("user.disabled", "user.enabled");
            assertThat(server.get("/api/v1/user/audit-log", admin).body()).contains("user.disabled", "user.enabled",
                    "\"login\":\"bob\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_login_in_any_letter_case_or_url_encoded_names_the_same_user_and_nothing_else(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "Bob", PASSWORD);

            assertThat(server.get(USERS + "/BOB", admin).json().get("login").asText()).isEqualTo("Bob");
            assertThat(server.get(USERS + "/%62ob", admin).json().get("login").asText()).isEqualTo("Bob");
            assertThat(server.send("PUT", USERS + "/bOB/disabled", admin, null).json().get("state").asText())
                    .isEqualTo("disabled");
            assertThat(server.get(USERS + "/bob", admin).json().get("state").asText()).isEqualTo("disabled");
            assertThat(server.send("PUT", USERS + "/ADMIN/disabled", admin, null).json().get("error").asText())
                    .isEqualTo("cannot_disable_yourself");
            for (String path : List.of("/bo%2Fb", "/%2e%2e", "/bob%00", "/b%C3%B6b", "/nobody", "/" + "x".repeat(60))) {
                Response missing = server.get(USERS + path, admin);
                assertThat(missing.status()).as(path).isIn(400, 404);
            }
            assertThat(server.send("PUT", USERS + "/nobody/disabled", admin, null).status()).isEqualTo(404);
            assertThat(server.send("PUT", USERS + "/bob/disabled", admin, "{\"x\":1}").status()).isEqualTo(422);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_last_active_administrator_keeps_the_role_and_nobody_disables_or_deletes_themselves(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "bob", PASSWORD);

            Response lastRole = server.send("DELETE", USERS + "/admin/site_admin", admin, null);
            Response selfDisable = server.send("PUT", USERS + "/admin/disabled", admin, null);
            Response selfDelete = server.send("DELETE", USERS + "/admin", admin, null);
            Response granted = server.send("PUT", USERS + "/bob/site_admin", admin, null);
            String bob = "token " + server.signIn("bob", PASSWORD);
            Response bobLists = server.get(USERS, bob);
            Response bobDisablesAdmin = server.send("PUT", USERS + "/admin/disabled", bob, null);
            Response bobDropsOwnRole = server.send("DELETE", USERS + "/bob/site_admin", bob, null);
            Response adminStillCannot = server.send("DELETE", USERS + "/admin/site_admin", admin, null);

            assertThat(lastRole.status()).isEqualTo(409);
            assertThat(lastRole.json().get("error").asText()).isEqualTo("last_admin");
            assertThat(selfDisable.json().get("error").asText()).isEqualTo("cannot_disable_yourself");
            assertThat(selfDelete.json().get("error").asText()).isEqualTo("cannot_delete_yourself");
            assertThat(granted.json().get("site_admin").asBoolean()).isTrue();
            assertThat(bobLists.status()).isEqualTo(200);
            assertThat(bobDisablesAdmin.status()).as("the admin's account is disabled: bob is the last active one")
                    .isEqualTo(200);
            assertThat(bobDropsOwnRole.status()).isEqualTo(409);
            assertThat(bobDropsOwnRole.json().get("error").asText()).isEqualTo("last_admin");
            assertThat(adminStillCannot.status()).isEqualTo(403);
            assertThat(adminStillCannot.json().get("error").asText()).isEqualTo("account_disabled");

            assertThat(server.send("DELETE", USERS + "/admin/disabled", bob, null).status()).isEqualTo(200);
            Response revoked = server.send("DELETE", USERS + "/bob/site_admin", bob, null);
            assertThat(revoked.status()).isEqualTo(200);
            assertThat(revoked.json().get("site_admin").asBoolean()).isFalse();
            assertThat(server.get(USERS, bob).json().get("error").asText()).as("the role is gone at once")
                    .isEqualTo("admin_required");
            String adminAgain = "token " + server.signInAdmin();
            assertThat(server.get("/api/v1/user/audit-log", adminAgain).body())
                    .contains("user.admin_granted", "user.disabled", "user.enabled");
            assertThat(server.get("/api/v1/user/audit-log", bob).body())
                    .contains("user.admin_granted", "user.admin_revoked", "user.disabled", "user.enabled");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deleting_the_last_owner_of_an_organisation_is_refused_naming_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "bob", PASSWORD);
            String bob = "token " + server.signIn("bob", PASSWORD);
            assertThat(server.send("POST", "/api/v1/orgs", bob, "{\"login\":\"acme\"}").status()).isEqualTo(201);
            assertThat(server.send("POST", "/api/v1/orgs", bob, "{\"login\":\"zeta\"}").status()).isEqualTo(201);
            server.send("PUT", "/api/v1/orgs/zeta/members/admin", bob, "{\"role\":\"owner\"}");

            Response refused = server.send("DELETE", USERS + "/bob", admin, null);

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().get("error").asText()).isEqualTo("last_org_owner");
            assertThat(refused.json().get("message").asText()).contains("acme");
            assertThat(server.get("/api/v1/user", bob).status()).as("nothing changed").isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deleting_revokes_everything_removes_repositories_and_packages_and_a_new_bob_inherits_nothing(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            long oldId = server.client().createUser(admin.substring(6), "bob", PASSWORD).get("id").asLong();
            String session = "token " + server.signIn("bob", PASSWORD);
            String token = "token " + server.createToken(session.substring(6),
                    "{\"name\":\"ci\",\"scopes\":[\"repo\",\"write:packages\"]}").get("token").asText();
            long repoId = server.send("POST", "/api/v1/user/repos", token, "{\"name\":\"app\",\"private\":true}").json()
                    .get("id").asLong();
            publish(server, token, "bob", "tool");
            Path repoDir = server.dataDir().resolve("repositories").resolve(repoId + ".git");
            assertThat(repoDir).isDirectory();
            Long pendingDelivery = engine == Engine.POSTGRESQL ? pendingDelivery(server, oldId) : null;

            Response deleted = server.send("DELETE", USERS + "/bob", admin, null);

            assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
            assertThat(deleted.json().get("deleted_repositories").asInt()).isEqualTo(1);
            assertThat(deleted.json().get("deleted_packages").asInt()).isEqualTo(1);
            assertThat(deleted.json().get("revoked_tokens").asInt()).as("personal tokens; the session is ended too").isEqualTo(1);
            assertThat(repoDir).doesNotExist();
            Response revoked = server.get("/api/v1/user", token);
            assertThat(revoked.status()).isEqualTo(401);
            assertThat(revoked.json().get("error").asText()).isEqualTo("token_revoked");
            assertThat(revoked.json().get("message").asText()).contains("an administrator deleted the account");
            assertThat(server.get("/api/v1/user", session).status()).isEqualTo(401);
            assertThat(server.get(USERS + "/bob", admin).status()).isEqualTo(404);
            assertThat(server.send("POST", "/api/v1/session", null,
                    "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(401);
            if (pendingDelivery != null) {
                assertThat(deliveryState(server, pendingDelivery)).isEqualTo("CANCELLED");
            }
            assertThat(server.get("/api/v1/user/audit-log", admin).body()).contains("user.deleted", "\"login\":\"bob\"");

            long newId = server.client().createUser(admin.substring(6), "BOB", PASSWORD).get("id").asLong();
            String newSession = "token " + server.signIn("bob", PASSWORD);
            assertThat(newId).isNotEqualTo(oldId);
            assertThat(server.get("/api/v1/user/tokens", newSession).json()).isEmpty();
            assertThat(server.get("/api/v1/user/repos", newSession).json()).isEmpty();
            assertThat(server.get("/api/v1/user/packages", newSession).json()).isEmpty();
            assertThat(server.get("/api/v1/user/audit-log", newSession).body()).doesNotContain("user.deleted");
            assertThat(server.get("/api/v1/user", token).status()).as("the old token stays dead").isEqualTo(401);
            assertThat(server.get(USERS + "/bob", admin).json().get("live_tokens").asLong()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deleting_with_transfer_to_gives_repositories_and_packages_or_changes_nothing_on_a_clash(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = "token " + server.signInAdmin();
            for (String login : List.of("bob", "carol", "dave")) {
                server.client().createUser(admin.substring(6), login, PASSWORD);
            }
            String bob = "token " + server.createToken(server.signIn("bob", PASSWORD),
                    "{\"name\":\"ci\",\"scopes\":[\"repo\",\"write:packages\"]}").get("token").asText();
            String carolSession = server.signIn("carol", PASSWORD);
            String carol = "token " + server.createToken(carolSession,
                    "{\"name\":\"ci\",\"scopes\":[\"repo\",\"write:packages\",\"delete_repo\"]}").get("token").asText();
            server.send("POST", "/api/v1/user/repos", bob, "{\"name\":\"app\",\"private\":true}");
            server.send("POST", "/api/v1/user/repos", bob, "{\"name\":\"Site\",\"private\":false}");
            publish(server, bob, "bob", "tool");
            server.send("POST", "/api/v1/user/repos", carol, "{\"name\":\"site\",\"private\":false}");
            server.send("PUT", USERS + "/dave/disabled", admin, null);

            Response clash = server.send("DELETE", USERS + "/bob?transfer_to=carol", admin, null);
            Response toDisabled = server.send("DELETE", USERS + "/bob?transfer_to=dave", admin, null);
            Response toNobody = server.send("DELETE", USERS + "/bob?transfer_to=nobody", admin, null);
            Response toItself = server.send("DELETE", USERS + "/bob?transfer_to=BOB", admin, null);

            assertThat(clash.status()).isEqualTo(409);
            assertThat(clash.json().get("error").asText()).isEqualTo("name_conflict");
            assertThat(clash.json().get("message").asText()).contains("repository Site").doesNotContain("app");
            for (Response refused : List.of(toDisabled, toNobody, toItself)) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(refused.json().get("field").asText()).isEqualTo("transfer_to");
            }
            assertThat(server.get("/api/v1/user/repos", bob).json()).as("nothing changed").hasSize(2);

            server.send("DELETE", "/api/v1/repos/carol/site", carol, null);
            Response moved = server.send("DELETE", USERS + "/bob?transfer_to=Carol", admin, null);

            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            assertThat(moved.json().get("transferred_to").asText()).isEqualTo("carol");
            assertThat(moved.json().get("transferred_repositories").asInt()).isEqualTo(2);
            assertThat(moved.json().get("transferred_packages").asInt()).isEqualTo(1);
            assertThat(server.get("/api/v1/user/repos", carol).json()).extracting(r -> r.get("name").asText())
                    .contains("app", "Site");
            assertThat(server.get("/npm/@carol%2ftool", carol).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/user/audit-log", "token " + carolSession).body()).contains("user.deleted");
        }
    }

    static void publish(TestServer server, String authorization, String scope, String name) throws Exception {
        byte[] tarball = Tarballs.tgz("package/index.js", "module.exports = 1;\n");
        Response published = server.send("PUT", "/npm/@" + scope + "%2f" + name, authorization,
                NpmRegistryTest.publishBody(scope, name, "1.0.0", tarball));
        assertThat(published.status()).as(published.body()).isEqualTo(201);
    }

    private static long pendingDelivery(TestServer server, long userId) throws Exception {
        try (Connection connection = server.connectToDatabase(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO notices (user_id, event, dedupe_key, subject, body, fields, created_at)"
                    + " VALUES (" + userId + ", 'token.expiring', 'k" + userId + "', 's', 'b', '{}', CURRENT_TIMESTAMP)");
            statement.executeUpdate("INSERT INTO notice_deliveries (notice_id, user_id, event, channel, target, state,"
                    + " attempts, max_attempts, next_attempt_at, created_at) SELECT id, user_id, event, 'EMAIL', 'email',"
                    + " 'PENDING', 1, 5, CURRENT_TIMESTAMP + INTERVAL '1' HOUR, CURRENT_TIMESTAMP FROM notices WHERE user_id = "
                    + userId);
            try (ResultSet row = statement.executeQuery("SELECT id FROM notice_deliveries WHERE user_id = " + userId)) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String deliveryState(TestServer server, long id) throws Exception {
        try (Connection connection = server.connectToDatabase(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT state FROM notice_deliveries WHERE id = " + id)) {
            row.next();
            return row.getString(1);
        }
    }

}
