package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.TwoFactorFixture;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/** An organisation that requires two-factor authentication: members without it cannot use any token on it. */
class TwoFactorPolicyTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_member_without_two_factor_is_refused_on_the_org_by_git_and_api_until_enabling_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String orgRepo = fixture.orgRepository("acme", "api", true);
            String ownRepo = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/repos", "token " + bob,
                    "{\"name\":\"mine\"}")).json().get("clone_url").asText();
            String classic = fixture.token(bob, "classic", "[\"repo\"]");
            String owner = "token " + fixture.adminSession;
            String requireIt = "{\"forbid_classic\":false,\"require_approval\":false,\"require_two_factor\":true}";

            Response ownerWithout = server.send("PUT", "/api/v1/orgs/acme/token-policy", owner, requireIt);
            assertThat(ownerWithout.status()).isEqualTo(422);
            assertThat(ownerWithout.json().get("field").asText()).isEqualTo("require_two_factor");
            TwoFactorFixture.enrol(server, fixture.adminSession);
            GitServerFixture.expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", owner, requireIt));
            assertThat(server.get("/api/v1/orgs/acme/token-policy", owner).json().get("require_two_factor").asBoolean()).isTrue();

            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");
            Result refused = git.run(tree, "push", GitServerFixture.withToken(orgRepo, classic), "main");
            Result own = git.run(tree, "push", GitServerFixture.withToken(ownRepo, classic), "main");
            Response api = server.get("/api/v1/repos/acme/api", "token " + classic);
            Response session = server.get("/api/v1/repos/acme/api", "token " + bob);

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output())
                    .contains("remote: Organization acme requires two-factor authentication; bob has not enabled it.")
                    .contains("Enable it at /settings/security");
            assertThat(own.ok()).as(own.output()).isTrue();
            assertThat(api.status()).isEqualTo(403);
            assertThat(api.json().get("error").asText()).isEqualTo("two_factor_required");
            assertThat(api.json().get("message").asText())
                    .isEqualTo("Organization acme requires two-factor authentication; bob has not enabled it."
                            + " Enable it at /settings/security, then try again.");
            assertThat(session.status()).as("sessions too").isEqualTo(403);
            Response check = server.get("/api/v1/tokens/self/check?action=push&repo=acme/api", "token " + classic);
            assertThat(check.json().get("reasons").get(0).get("code").asText()).isEqualTo("two_factor_required");
            assertThat(server.get("/api/v1/repos/acme/api", owner).status()).as("the owner has it on").isEqualTo(200);

            TwoFactorFixture.enrol(server, bob);
            Result allowed = git.run(tree, "push", GitServerFixture.withToken(orgRepo, classic), "main");
            assertThat(allowed.ok()).as(allowed.output()).isTrue();
            assertThat(server.get("/api/v1/repos/acme/api", "token " + classic).status()).isEqualTo(200);
            assertThat(server.get("/api/v1/orgs/acme/audit-log", owner).body()).contains("\"require_two_factor\":\"true\"");
        }
    }
}
