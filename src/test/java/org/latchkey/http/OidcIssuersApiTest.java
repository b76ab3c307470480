package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** {@code /api/v1/admin/oidc-issuers}: administrators trust issuers, checked, unique, audited; others may not. */
class OidcIssuersApiTest {

    private static final String ISSUERS = "/api/v1/admin/oidc-issuers";
    private static final String GITHUB = "https://token.actions.githubusercontent.com";

    private static TestServer start(Engine engine, boolean allowHttp) {
        return TestServer.start(engine, settings -> settings.withOidc(List.of(GITHUB), allowHttp, null));
    }

    private static Response add(TestServer server, String session, String issuer) {
        return server.send("POST", ISSUERS, session, "{\"issuer\":\"" + issuer + "\"}");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_administrator_adds_lists_and_deletes_issuers_and_each_change_is_audited(Engine engine) throws Exception {
        try (TestServer server = start(engine, false)) {
            String admin = "token " + server.signInAdmin();

            Response added = add(server, admin, "HTTPS://GitLab.Example.com:443");
            Response second = add(server, admin, "https://ci.example.com/org/acme/");
            JsonNode list = server.get(ISSUERS, admin).json();
            Response byId = server.send("DELETE", ISSUERS + "/" + added.json().get("id").asLong(), admin, null);
            Response byUrl = server.send("DELETE", ISSUERS + "/"
                    + URLEncoder.encode("https://ci.example.com/org/acme", StandardCharsets.UTF_8), admin, null);
            JsonNode after = server.get(ISSUERS, admin).json();

            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().get("issuer").asText()).isEqualTo("https://gitlab.example.com");
            assertThat(added.json().get("source").asText()).isEqualTo("api");
            assertThat(added.json().get("created_by").asText()).isEqualTo("admin");
            assertThat(second.json().get("issuer").asText()).as("the trailing slash kept: iss must match it")
                    .isEqualTo("https://ci.example.com/org/acme/");
            assertThat(list).extracting(i -> i.get("issuer").asText())
                    .containsExactly(GITHUB, "https://gitlab.example.com", "https://ci.example.com/org/acme/");
            assertThat(list.get(0).get("source").asText()).isEqualTo("config");
            assertThat(list.get(0).get("id").isNull()).isTrue();
            assertThat(byId.status()).isEqualTo(204);
            assertThat(byUrl.status()).isEqualTo(204);
            assertThat(after).extracting(i -> i.get("issuer").asText()).containsExactly(GITHUB);
            assertThat(server.get("/api/v1/user/audit-log", admin).body())
                    .contains("oidc.issuer_trusted", "oidc.issuer_removed", "https://gitlab.example.com");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void one_issuer_is_one_entry_whatever_its_letter_case_default_port_or_trailing_slash(Engine engine) throws Exception {
        try (TestServer server = start(engine, false)) {
            String admin = "token " + server.signInAdmin();
            assertThat(add(server, admin, "https://a.example/").status()).isEqualTo(201);

            for (String same : List.of("https://a.example", "https://A.EXAMPLE/", "HTTPS://a.example:443", "https://a.example:443/")) {
                Response duplicate = add(server, admin, same);
                assertThat(duplicate.status()).as(same).isEqualTo(409);
                assertThat(duplicate.json().get("error").asText()).isEqualTo("issuer_exists");
                assertThat(duplicate.json().get("message").asText()).contains("https://a.example/ is already trusted");
            }
            Response configured = add(server, admin, GITHUB + "/");
            assertThat(configured.status()).isEqualTo(409);
            assertThat(configured.json().get("message").asText()).contains("command line");
            assertThat(add(server, admin, "https://a.example:8443").status()).as("another port is another issuer")
                    .isEqualTo(201);
            assertThat(add(server, admin, "https://a.example/tenant").status()).as("another path too").isEqualTo(201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void bad_issuers_are_refused_naming_the_rule(Engine engine) throws Exception {
        try (TestServer server = start(engine, false)) {
            String admin = "token " + server.signInAdmin();

            Response http = add(server, admin, "http://ci.internal");
            assertThat(http.status()).isEqualTo(422);
            assertThat(http.json().get("field").asText()).isEqualTo("issuer");
            assertThat(http.json().get("message").asText()).contains("must use https").contains("--oidc-allow-http-issuers");
            for (String bad : List.of("ftp://a.example", "a.example", "https://", "https://a.example/?x=1",
                    "https://a.example/#f", "https://user@a.example", "https://user:pw@a.example", "https://a.example/../b",
                    "https://a.example/./", "https://a.example/%2e%2e/x", "https://a.example/a%2Fb", "https://a%2Eexample",
                    "https://\u00e4.example", "https://a.example:99999", "javascript:alert(1)",
                    "https://a.example/" + "x".repeat(600), "https://a b")) {
                Response refused = add(server, admin, bad);
                assertThat(refused.status()).as(bad).isEqualTo(422);
                assertThat(refused.json().get("field").asText()).isEqualTo("issuer");
            }
            assertThat(server.send("POST", ISSUERS, admin, "{}").status()).isEqualTo(422);
            assertThat(server.send("POST", ISSUERS, admin, "{\"issuer\":1}").status()).isIn(400, 422);
            assertThat(server.send("POST", ISSUERS, admin, "not json").status()).isEqualTo(400);
            assertThat(server.get(ISSUERS, admin).json()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void http_issuers_are_accepted_when_the_server_allows_them(Engine engine) throws Exception {
        try (TestServer server = start(engine, true)) {
            String admin = "token " + server.signInAdmin();
            Response added = add(server, admin, "http://127.0.0.1:8081");
            assertThat(added.status()).isEqualTo(201);
            assertThat(added.json().get("issuer").asText()).isEqualTo("http://127.0.0.1:8081");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_an_administrators_session_may_see_or_change_issuers(Engine engine) throws Exception {
        try (TestServer server = start(engine, false)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "grace", "correct horse battery");
            String grace = "token " + server.signIn("grace", "correct horse battery");
            String adminToken = "token " + server.createToken(admin.substring(6),
                    "{\"name\":\"ci\",\"scopes\":[\"repo\",\"admin:org\",\"user\"]}").get("token").asText();
            long id = add(server, admin, "https://a.example").json().get("id").asLong();

            assertThat(add(server, grace, "https://b.example").status()).isEqualTo(403);
            assertThat(server.get(ISSUERS, grace).status()).isEqualTo(403);
            assertThat(server.send("DELETE", ISSUERS + "/" + id, grace, null).status()).isEqualTo(403);
            assertThat(add(server, adminToken, "https://b.example").status()).as("a token is not a session").isEqualTo(403);
            assertThat(add(server, null, "https://b.example").status()).isEqualTo(401);
            assertThat(server.get(ISSUERS, admin).json()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void configured_and_unknown_issuers_cannot_be_deleted(Engine engine) throws Exception {
        try (TestServer server = start(engine, false)) {
            String admin = "token " + server.signInAdmin();

            Response configured = server.send("DELETE", ISSUERS + "/" + URLEncoder.encode(GITHUB, StandardCharsets.UTF_8),
                    admin, null);
            assertThat(configured.status()).isEqualTo(409);
            assertThat(configured.json().get("error").asText()).isEqualTo("issuer_configured");
            assertThat(configured.json().get("message").asText()).contains("--oidc-issuer");
            for (String unknown : List.of("987654", "https%3A%2F%2Fnope.example", "not-a-url", "99999999999999999999")) {
                assertThat(server.send("DELETE", ISSUERS + "/" + unknown, admin, null).status()).as(unknown).isEqualTo(404);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void the_audience_is_the_public_url_unless_configured(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, settings -> settings.withPublicUrl("https://lk.example/"));
             TestServer configured = TestServer.start(engine, settings -> settings.withOidc(List.of(), false, "latchkey-ci"))) {
            assertThat(server.get("/api/v1/oidc/audience", null).json().get("audience").asText())
                    .isEqualTo("https://lk.example");
            assertThat(configured.get("/api/v1/oidc/audience", null).json().get("audience").asText()).isEqualTo("latchkey-ci");
        }
    }
}
