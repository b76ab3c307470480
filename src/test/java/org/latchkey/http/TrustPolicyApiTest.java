package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/** Trust policies over HTTP: an owner's CRUD, organisation owners only, and a 422 naming the field for every fault. */
class TrustPolicyApiTest {

    static final String GITHUB = "https://token.actions.githubusercontent.com";

    /** A GitHub policy for acme/app of the given owner, with extra JSON fields (each starting with a comma). */
    static String githubPolicy(String name, String owner, String extra) {
        return "{\"name\":\"" + name + "\",\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"" + owner
                + "/app\",\"repository_owner_id\":\"4242\",\"ref\":\"refs/tags/v*\"}" + extra + "}";
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_owner_creates_lists_shows_and_deletes_trust_policies(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"app\"}");

            Response created = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, githubPolicy("release",
                    "admin", ",\"repositories\":[\"app\"],\"packages\":[\"@admin/app\",\"@admin/*\"],"
                            + "\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"}"));
            Response twice = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, githubPolicy("RELEASE",
                    "admin", ",\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"}"));
            long id = created.json().get("id").asLong();
            Response shown = server.get("/api/v1/user/trust-policies/" + id, "token " + admin);
            Response listed = server.get("/api/v1/user/trust-policies", "token " + admin);

            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("provider").asText()).isEqualTo("github");
            assertThat(created.json().get("lifetime_minutes").asInt()).isEqualTo(15);
            assertThat(created.json().get("claims").toString()).isEqualTo(
                    "{\"ref\":\"refs/tags/v*\",\"repository\":\"admin/app\",\"repository_owner_id\":\"4242\"}");
            assertThat(created.json().get("permissions").toString()).isEqualTo("{\"contents\":\"write\",\"packages\":\"write\"}");
            assertThat(created.json().get("packages").toString()).isEqualTo("[\"@admin/app\",\"@admin/*\"]");
            assertThat(twice.status()).isEqualTo(422);
            assertThat(twice.json().get("field").asText()).isEqualTo("name");
            assertThat(shown.json().get("repositories").toString()).isEqualTo("[\"app\"]");
            assertThat(listed.json()).hasSize(1);
            assertThat(server.send("DELETE", "/api/v1/user/trust-policies/" + id, "token " + admin, null).status()).isEqualTo(204);
            assertThat(server.get("/api/v1/user/trust-policies/" + id, "token " + admin).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/audit-log", "token " + admin).body())
                    .contains("trust_policy.created", "trust_policy.deleted");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_an_organisations_owners_manage_its_policies_and_nobody_sees_another_owners(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "bob", "bobs long password");
            String bob = server.signIn("bob", "bobs long password");
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"Acme\"}");
            server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, "{\"role\":\"member\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\"}");
            String body = githubPolicy("release", "acme", ",\"repositories\":[\"app\"],\"packages\":[\"@acme/app\"],"
                    + "\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"},\"lifetime_minutes\":30");

            Response byMember = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + bob, body);
            Response byOwner = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, body);
            long id = byOwner.json().get("id").asLong();
            Response personalToken = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token "
                    + server.createToken(admin, "{\"name\":\"pat\",\"scopes\":[\"admin:org\"]}").get("token").asText(), body);

            assertThat(byMember.status()).isEqualTo(403);
            assertThat(byOwner.status()).as(byOwner.body()).isEqualTo(201);
            assertThat(byOwner.json().get("owner").asText()).isEqualTo("Acme");
            assertThat(personalToken.status()).isEqualTo(403);
            assertThat(server.get("/api/v1/orgs/acme/trust-policies", "token " + bob).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/user/trust-policies/" + id, "token " + bob).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/trust-policies/" + id, "token " + admin).status()).isEqualTo(404);
            assertThat(server.send("DELETE", "/api/v1/user/trust-policies/" + id, "token " + bob, null).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/orgs/acme/trust-policies/" + id, "token " + admin).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body()).contains("trust_policy.created");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void every_fault_is_a_422_naming_the_field_to_fix(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"app\"}");
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"other\"}");
            String repos = ",\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"}";
            String[][] cases = {
                    // claims that pin too little, each named
                    {"{\"name\":\"a\",\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"admin/app\"}" + repos + "}",
                            "claims", "add \"repository_owner_id\""},
                    {"{\"name\":\"a\",\"issuer\":\"" + GITHUB + "\",\"claims\":{\"sub\":\"repo:admin/app:ref:refs/heads/main\"}"
                            + repos + "}", "claims", "add \"repository\" and \"repository_owner_id\""},
                    {"{\"name\":\"a\",\"issuer\":\"https://gitlab.com\",\"claims\":{\"project_path\":\"admin/app\"}" + repos + "}",
                            "claims", "add \"namespace_id\""},
                    {"{\"name\":\"a\",\"issuer\":\"https://ci.example.com\",\"claims\":{\"ref\":\"main\"}" + repos + "}",
                            "claims", "add \"sub\""},
                    {"{\"name\":\"a\",\"issuer\":\"https://ci.example.com\",\"claims\":{\"project_path\":\"admin/app\"}" + repos
                            + "}", "claims", "add \"namespace_id\""},
                    {"{\"name\":\"a\",\"issuer\":\"https://ci.example.com\",\"claims\":{\"sub\":\"job:*\"}" + repos + "}",
                            "claims.sub", "no *"},
                    {pinned("\"repository\":\"admin/app*\",\"repository_owner_id\":\"4242\"") + repos + "}",
                            "claims.repository", "no *"},
                    {pinned("\"repository\":\"admin/app\",\"repository_owner_id\":\"0042\"") + repos + "}",
                            "claims.repository_owner_id", "digits only"},
                    {pinned("\"repository\":\"admin/app\",\"repository_owner_id\":4242") + repos + "}",
                            "claims.repository_owner_id", "must be a string"},
                    // claim values and names
                    {pinned(base() + ",\"ref\":\"*\"") + repos + "}", "claims.ref", "bare *"},
                    {pinned(base() + ",\"ref\":\"refs/*/v*\"") + repos + "}", "claims.ref", "only one *"},
                    {pinned(base() + ",\"ref\":\"*main\"") + repos + "}", "claims.ref", "at the end"},
                    {pinned(base() + ",\"aud\":\"x\"") + repos + "}", "claims.aud", "checked by the exchange"},
                    {pinned(base() + ",\"environment\":[\"a\",\"b\"]") + repos + "}", "claims.environment", "must be a string"},
                    {pinned(base() + ",\"ref\":\"\"") + repos + "}", "claims.ref", "empty"},
                    {pinned(base() + ",\"\":\"x\"") + repos + "}", "claims", "claim names"},
                    {pinned(base() + ",\"bad name\":\"x\"") + repos + "}", "claims", "claim names"},
                    // issuer
                    {"{\"name\":\"a\",\"issuer\":\"http://ci.example.com\",\"claims\":{\"sub\":\"x\"}" + repos + "}",
                            "issuer", "https"},
                    {"{\"name\":\"a\",\"issuer\":\"https://user@ci.example.com\",\"claims\":{\"sub\":\"x\"}" + repos + "}",
                            "issuer", "plain URL"},
                    {"{\"name\":\"a\",\"issuer\":\"https://untrusted.example.com\",\"claims\":{\"sub\":\"x\"}" + repos
                            + "}", "issuer", "not an issuer this server trusts"},
                    {"{\"name\":\"a\",\"issuer\":\"not a url\",\"claims\":{\"sub\":\"x\"}" + repos + "}", "issuer", ""},
                    {"{\"name\":\"a\",\"claims\":{\"sub\":\"x\"}" + repos + "}", "issuer", "required"},
                    // repositories, packages, permissions, lifetime
                    {pinned(base()) + ",\"repositories\":[\"nope\"],\"permissions\":{\"contents\":\"read\"}}",
                            "repositories", "has no repository named 'nope'"},
                    {pinned(base()) + ",\"repositories\":[\"app\",\"APP\"],\"permissions\":{\"contents\":\"read\"}}",
                            "repositories", "named twice"},
                    {pinned(base()) + ",\"repositories\":[\"app*\"],\"permissions\":{\"contents\":\"read\"}}",
                            "repositories", "without owner or wildcard"},
                    {pinned(base()) + ",\"permissions\":{\"contents\":\"read\"}}", "repositories", "at least one repository"},
                    {pinned(base()) + ",\"packages\":[\"@other/app\"],\"permissions\":{\"packages\":\"write\"}}",
                            "packages", "is not in @admin"},
                    {pinned(base()) + ",\"packages\":[\"@admin2/app\"],\"permissions\":{\"packages\":\"write\"}}",
                            "packages", "is not in @admin"},
                    {pinned(base()) + ",\"packages\":[\"app\"],\"permissions\":{\"packages\":\"write\"}}",
                            "packages", "neither"},
                    {pinned(base()) + ",\"packages\":[\"*\"],\"permissions\":{\"packages\":\"write\"}}", "packages", "neither"},
                    {pinned(base()) + ",\"packages\":[\"@admin/App\"],\"permissions\":{\"packages\":\"write\"}}",
                            "packages", "not a valid npm name"},
                    {pinned(base()) + ",\"packages\":[\"@admin/a*\"],\"permissions\":{\"packages\":\"write\"}}",
                            "packages", "not a valid npm name"},
                    {pinned(base()) + ",\"packages\":[\"@admin/app\"],\"permissions\":{\"contents\":\"read\"},"
                            + "\"repositories\":[\"app\"]}", "permissions", "add \"packages\""},
                    {pinned(base()) + ",\"repositories\":[\"app\"]}", "permissions", "required"},
                    {pinned(base()) + repos.replace("\"read\"", "\"admin\"") + "}", "permissions", "read or write"},
                    {pinned(base()) + ",\"repositories\":[\"app\"],\"permissions\":{\"administration\":\"write\"}}",
                            "permissions", "contents and packages only"},
                    {pinned(base()) + repos + ",\"lifetime_minutes\":61}", "lifetime_minutes", "1 to 60"},
                    {pinned(base()) + repos + ",\"lifetime_minutes\":0}", "lifetime_minutes", "1 to 60"},
                    {"{\"issuer\":\"" + GITHUB + "\",\"claims\":{" + base() + "}" + repos + "}", "name", "required"},
                    {"{\"name\":\"a\",\"issuer\":\"" + GITHUB + "\"" + repos + "}", "claims", "required"},
            };
            for (String[] c : cases) {
                Response refused = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, c[0]);
                assertThat(refused.status()).as(c[0] + " -> " + refused.body()).isEqualTo(422);
                assertThat(refused.json().get("field").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(refused.json().get("message").asText()).as(c[0]).contains(c[2]);
            }
            assertThat(server.get("/api/v1/user/trust-policies", "token " + admin).json()).isEmpty();
        }
    }

    private static String base() {
        return "\"repository\":\"admin/app\",\"repository_owner_id\":\"4242\"";
    }

    private static String pinned(String claims) {
        return "{\"name\":\"a\",\"issuer\":\"" + GITHUB + "\",\"claims\":{" + claims + "}";
    }
}
