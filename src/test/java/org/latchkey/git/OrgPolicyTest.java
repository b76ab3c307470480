package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Organisation token policy with existing and new tokens: classic tokens forbidden, approval, maximum lifetime. */
class OrgPolicyTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Engine.class)
    void forbidding_classic_tokens_stops_existing_ones_on_the_org_only(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String orgRepo = fixture.orgRepository("acme", "api", true);
            String ownRepo = GitServerFixture.expect(201, server.send("POST", "/api/v1/user/repos", "token " + bob,
                    "{\"name\":\"mine\"}")).json().get("clone_url").asText();
            String classic = fixture.token(bob, "classic", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");
            assertThat(git.run(tree, "push", GitServerFixture.withToken(orgRepo, classic), "main").ok()).isTrue();

            GitServerFixture.expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + fixture.adminSession,
                    "{\"forbid_classic\":true,\"require_approval\":false}"));
            git.commitFile(tree, "a.txt", "a\n");
            Result refused = git.run(tree, "push", GitServerFixture.withToken(orgRepo, classic), "main");
            Result ownStillWorks = git.run(tree, "push", GitServerFixture.withToken(ownRepo, classic), "main");
            String fine = fixture.fineGrainedSecret(bob, "fine", "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"write\"}");
            Result fineWorks = git.run(tree, "push", GitServerFixture.withToken(orgRepo, fine), "main");

            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("remote: acme does not allow classic personal access tokens on its resources.")
                    .contains("Create a fine-grained token for acme instead.");
            assertThat(ownStillWorks.ok()).as(ownStillWorks.output()).isTrue();
            assertThat(fineWorks.ok()).as(fineWorks.output()).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_awaiting_approval_reads_only_public_repositories_until_an_owner_approves_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String privateRepo = fixture.orgRepository("acme", "api", true);
            String publicRepo = fixture.orgRepository("acme", "site", false);
            GitServerFixture.expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + fixture.adminSession,
                    "{\"forbid_classic\":false,\"require_approval\":true}"));
            JsonNode created = GitServerFixture.expect(201, fixture.fineGrained(bob, "needs approval",
                    "[{\"owner\":\"acme\",\"repositories\":\"all\"}]", "{\"contents\":\"write\"}", 30)).json();
            String token = created.get("token").asText();
            long id = created.get("id").asLong();
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("x");

            assertThat(created.get("resources").get(0).get("approval").asText()).isEqualTo("pending");
            Result pending = git.run(tree, "push", GitServerFixture.withToken(privateRepo, token), "main");
            assertThat(pending.ok()).isFalse();
            assertThat(pending.output()).contains("remote: This token is waiting for an owner of acme to approve it");
            assertThat(git.run(temp, "clone", "-q", GitServerFixture.withToken(publicRepo, token), "public").ok()).isTrue();
            assertThat(server.get("/api/v1/orgs/acme/token-requests", "token " + bob).status()).isEqualTo(403);
            JsonNode requests = server.get("/api/v1/orgs/acme/token-requests", "token " + fixture.adminSession).json();
            assertThat(requests).extracting(r -> r.get("name").asText() + " by " + r.get("owner").asText())
                    .containsExactly("needs approval by bob");

            Response approved = server.send("POST", "/api/v1/orgs/acme/token-requests/" + id + "/approve",
                    "token " + fixture.adminSession, null);

            assertThat(approved.status()).isEqualTo(200);
            assertThat(approved.json().get("resources").get(0).get("decided_by").asText()).isEqualTo("admin");
            Result afterApproval = git.run(tree, "push", GitServerFixture.withToken(privateRepo, token), "main");
            assertThat(afterApproval.ok()).as(afterApproval.output()).isTrue();
            assertThat(server.get("/api/v1/orgs/acme/tokens", "token " + fixture.adminSession).json())
                    .extracting(t -> t.get("id").asLong()).contains(id);
            assertThat(server.get("/api/v1/user/audit-log", "token " + bob).body())
                    .contains("token.approval_requested", "token.approved");
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + fixture.adminSession).body())
                    .contains("token.approval_requested", "token.approved");
        }
    }

    @Test
    void a_denied_token_says_why_and_an_owner_can_revoke_any_token_on_the_org() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String repo = fixture.orgRepository("acme", "api", true);
            String approved = fixture.fineGrainedSecret(bob, "before policy", "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"read\"}");
            long approvedId = server.get("/api/v1/user/tokens", "token " + bob).json().get(0).get("id").asLong();
            GitServerFixture.expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + fixture.adminSession,
                    "{\"forbid_classic\":false,\"require_approval\":true}"));
            JsonNode created = GitServerFixture.expect(201, fixture.fineGrained(bob, "wants write",
                    "[{\"owner\":\"acme\",\"repositories\":\"all\"}]", "{\"contents\":\"write\"}", 30)).json();
            GitClient git = new GitClient(temp.resolve("home"));

            Response missingReason = server.send("POST", "/api/v1/orgs/acme/token-requests/" + created.get("id").asLong()
                    + "/deny", "token " + fixture.adminSession, "{}");
            Response secretInReason = server.send("POST", "/api/v1/orgs/acme/token-requests/" + created.get("id").asLong()
                    + "/deny", "token " + fixture.adminSession, "{\"reason\":\"you pasted " + created.get("token").asText() + "\"}");
            Response longReason = server.send("POST", "/api/v1/orgs/acme/token-requests/" + created.get("id").asLong()
                    + "/deny", "token " + fixture.adminSession, "{\"reason\":\"" + "why ".repeat(300) + "\"}");
            GitServerFixture.expect(200, server.send("POST", "/api/v1/orgs/acme/token-requests/" + created.get("id").asLong()
                    + "/deny", "token " + fixture.adminSession, "{\"reason\":\"write access needs a ticket\"}"));
            Result denied = git.run(temp, "ls-remote", GitServerFixture.withToken(repo, created.get("token").asText()));
            Result existing = git.run(temp, "ls-remote", GitServerFixture.withToken(repo, approved));
            GitServerFixture.expect(204, server.send("POST", "/api/v1/orgs/acme/tokens/" + approvedId + "/revoke",
                    "token " + fixture.adminSession, null));
            Result revoked = git.run(temp, "ls-remote", GitServerFixture.withToken(repo, approved));

            assertThat(missingReason.status()).isEqualTo(422);
            assertThat(secretInReason.status()).isEqualTo(422);
            assertThat(secretInReason.body()).contains("looks like it contains a token secret")
                    .doesNotContain(created.get("token").asText());
            assertThat(longReason.status()).isEqualTo(422);
            assertThat(longReason.body()).contains("is longer than 1000 characters");
            assertThat(denied.ok()).isFalse();
            assertThat(denied.output()).contains("remote: An owner of acme denied this token: write access needs a ticket");
            assertThat(existing.ok()).as("tokens made before the policy need no approval").isTrue();
            assertThat(revoked.ok()).isFalse();
            assertThat(revoked.output()).contains("remote: This token was revoked");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void lowering_the_maximum_lifetime_refuses_longer_new_tokens_and_stops_old_ones_past_it(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            GitServerFixture fixture = new GitServerFixture(server);
            String bob = fixture.user("bob");
            fixture.org("acme", "bob");
            String repo = fixture.orgRepository("acme", "api", true);
            String old = GitServerFixture.expect(201, fixture.fineGrained(bob, "ninety days",
                    "[{\"owner\":\"acme\",\"repositories\":\"all\"}]", "{\"contents\":\"read\"}", 90)).json().get("token").asText();
            Response tooLong = fixture.fineGrained(bob, "too long", "[{\"owner\":\"acme\",\"repositories\":\"all\"}]",
                    "{\"contents\":\"read\"}", 400);
            GitServerFixture.expect(200, server.send("PUT", "/api/v1/orgs/acme/token-policy", "token " + fixture.adminSession,
                    "{\"forbid_classic\":false,\"max_lifetime_days\":30,\"require_approval\":false}"));
            Response refusedNew = fixture.fineGrained(server.signIn("bob", "bob has a long password"), "sixty days",
                    "[{\"owner\":\"acme\",\"repositories\":\"all\"}]", "{\"contents\":\"read\"}", 60);
            GitClient git = new GitClient(temp.resolve("home"));
            Result withinLimit = git.run(temp, "ls-remote", GitServerFixture.withToken(repo, old));

            server.clock().advance(Duration.ofDays(31));
            Result pastLimit = git.run(temp, "ls-remote", GitServerFixture.withToken(repo, old));

            assertThat(tooLong.status()).isEqualTo(422);
            assertThat(tooLong.json().get("message").asText()).contains("at most 366 days");
            assertThat(refusedNew.status()).isEqualTo(422);
            assertThat(refusedNew.json().get("message").asText()).contains("acme allows fine-grained tokens to live at most 30 days");
            assertThat(withinLimit.ok()).isTrue();
            assertThat(pastLimit.ok()).isFalse();
            assertThat(pastLimit.output()).contains("remote: acme allows fine-grained tokens to live at most 30 days")
                    .contains("stopped working on acme's resources");
        }
    }
}
