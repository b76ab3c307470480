package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Organisations over HTTP: creation, members and roles, repositories, policy. */
class OrgApiTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void an_owner_creates_an_org_adds_members_and_members_use_its_repositories(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "bob", "bobs long password");
            String bob = server.signIn("bob", "bobs long password");

            Response created = server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            Response taken = server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"BOB\"}");
            Response strangerAdds = server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + bob, null);
            Response added = server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, "{\"role\":\"member\"}");
            Response repo = server.send("POST", "/api/v1/orgs/acme/repos", "token " + bob, "{\"name\":\"api\"}");

            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().get("login").asText()).isEqualTo("acme");
            assertThat(taken.status()).isEqualTo(422);
            assertThat(strangerAdds.status()).isEqualTo(403);
            assertThat(strangerAdds.json().get("message").asText()).contains("bob is not a member of acme");
            assertThat(added.status()).isEqualTo(200);
            assertThat(added.json().get("role").asText()).isEqualTo("member");
            assertThat(repo.status()).isEqualTo(201);
            assertThat(repo.json().get("clone_url").asText()).endsWith("/acme/api.git");
            assertThat(server.get("/api/v1/orgs/acme/members", "token " + bob).json())
                    .extracting(m -> m.get("login").asText() + ":" + m.get("role").asText())
                    .containsExactly("admin:owner", "bob:member");
            assertThat(server.get("/api/v1/user/orgs", "token " + bob).json()).extracting(o -> o.get("login").asText())
                    .containsExactly("acme");
            assertThat(server.send("POST", "/api/v1/session", null, "{\"username\":\"acme\",\"password\":\"whatever long\"}")
                    .status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void only_owners_manage_members_and_policy_and_the_last_owner_stays(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String admin = server.signInAdmin();
            AuthenticationTest.createUser(server, admin, "bob", "bobs long password");
            String bob = server.signIn("bob", "bobs long password");
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            server.send("PUT", "/api/v1/orgs/acme/members/bob", "token " + admin, null);

            Response memberReadsPolicy = server.get("/api/v1/orgs/acme/token-policy", "token " + bob);
            Response lastOwner = server.send("DELETE", "/api/v1/orgs/acme/members/admin", "token " + admin, null);
            Response policy = server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":true,\"max_lifetime_days\":30,\"require_approval\":true}");
            Response badPolicy = server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + admin,
                    "{\"forbid_classic\":true,\"max_lifetime_days\":0,\"require_approval\":false}");

            assertThat(memberReadsPolicy.status()).isEqualTo(403);
            assertThat(memberReadsPolicy.json().get("message").asText()).contains("needs an owner of acme");
            assertThat(lastOwner.status()).isEqualTo(409);
            assertThat(policy.status()).isEqualTo(200);
            assertThat(server.get("/api/v1/orgs/acme/token-policy", "token " + admin).json().get("max_lifetime_days").asInt())
                    .isEqualTo(30);
            assertThat(badPolicy.status()).isEqualTo(422);
            assertThat(server.send("DELETE", "/api/v1/orgs/acme/members/bob", "token " + admin, null).status()).isEqualTo(204);
            assertThat(server.get("/api/v1/orgs/acme/members", "token " + bob).status()).isEqualTo(403);
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body()).contains("org.member_removed", "org.token_policy_changed");
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + bob).status()).isEqualTo(403);
        }
    }
}
