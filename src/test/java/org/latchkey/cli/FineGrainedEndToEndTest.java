package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-grained tokens through the CLI against a real server: creating them with resources and
 * permissions, "why was I denied?" with token check, and an organisation's approval flow.
 */
class FineGrainedEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
    }

    @Test
    void a_fine_grained_token_is_created_with_its_resources_and_permissions_and_shown_with_them() {
        CliRunner bob = orgWithMember("acme1", "bob1", "api", "web");
        ok(bob.run("repo", "create", "dotfiles"));

        JsonNode created = json(bob.run("token", "create", "--name", "ci", "--type", "fine-grained", "--resource", "acme1:api",
                "--resource", "acme1:web", "--resource", "bob1:all", "--permission", "contents=write", "--expires", "30d",
                "--json"));

        assertThat(created.path("token").asText()).startsWith("lkf_");
        assertThat(created.path("type").asText()).isEqualTo("fine_grained");
        assertThat(created.path("permissions").path("contents").asText()).isEqualTo("write");
        assertThat(created.path("resources").toString()).contains("{\"owner\":\"acme1\",\"repositories\":[\"api\",\"web\"],"
                + "\"approval\":\"not_required\"").contains("{\"owner\":\"bob1\",\"repositories\":\"all\"");
        String id = created.path("id").asText();
        assertThat(ok(bob.run("token", "show", id)).out()).contains("Type:            fine-grained\n")
                .containsPattern("Permissions:\\s+contents=write, metadata=read\n")
                .containsPattern("Resources:\\s+acme1:api,web\n\\s+bob1:all\n").doesNotContain("Scopes:");
        assertThat(ok(bob.run("token", "list")).out())
                .containsPattern(id + "\\s+ci\\s+fine-grained\\s+contents=write, metadata=read on acme1:api,web bob1:all\\s");
    }

    @Test
    void the_server_refuses_what_only_it_can_know_with_exit_6() {
        CliRunner bob = orgWithMember("acme2", "bob2", "api");

        CliRunner.Result unknownRepo = bob.run("token", "create", "--name", "x", "--type", "fine-grained",
                "--resource", "acme2:nope", "--permission", "contents=read", "--expires", "30d");
        CliRunner.Result unknownPermission = bob.run("token", "create", "--name", "x", "--type", "fine-grained",
                "--resource", "acme2:all", "--permission", "contentz=read", "--expires", "30d");
        CliRunner.Result foreignOwner = bob.run("token", "create", "--name", "x", "--type", "fine-grained",
                "--resource", "globex:all", "--permission", "contents=read", "--expires", "30d");
        CliRunner.Result noExpiry = bob.run("token", "create", "--name", "x", "--type", "fine-grained",
                "--resource", "acme2:all", "--permission", "contents=read");

        assertThat(unknownRepo.exitCode()).isEqualTo(6);
        assertThat(unknownRepo.err()).hasLineCount(1).contains("acme2 has no repository named 'nope'");
        assertThat(unknownPermission.exitCode()).isEqualTo(6);
        assertThat(unknownPermission.err()).contains("unknown permission 'contentz'");
        assertThat(foreignOwner.exitCode()).isEqualTo(6);
        assertThat(foreignOwner.err()).contains("'globex' is neither you nor an organisation you belong to");
        assertThat(noExpiry.exitCode()).isEqualTo(2);
        assertThat(noExpiry.err()).startsWith("fine-grained tokens must expire: give --expires");
        assertThat(bob.run("token", "list").out()).doesNotContain(" x ");
    }

    @Test
    void token_check_says_allowed_or_gives_every_reason_for_a_denial() {
        CliRunner bob = orgWithMember("acme3", "bob3", "api", "web");
        JsonNode created = json(bob.run("token", "create", "--name", "reader", "--type", "fine-grained",
                "--resource", "acme3:api", "--permission", "contents=read", "--expires", "7d", "--json"));
        String id = created.path("id").asText();

        CliRunner.Result pull = bob.run("token", "check", id, "--action", "pull", "--repo", "acme3/api");
        CliRunner.Result push = bob.run("token", "check", id, "--action", "push", "--repo", "acme3/api");
        CliRunner.Result otherRepo = bob.run("token", "check", id, "--action", "pull", "--repo", "acme3/web");
        CliRunner.Result missing = bob.run("token", "check", id, "--action", "pull", "--repo", "acme3/none");
        CliRunner.Result badAction = bob.run("token", "check", id, "--action", "fly", "--repo", "acme3/api");

        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).isEqualTo("allowed: pull on acme3/api (token " + id + " 'reader', fine-grained)\n");
        assertThat(push.exitCode()).isEqualTo(4);
        assertThat(push.out()).startsWith("denied: push on acme3/api (token " + id + " 'reader', fine-grained)\n")
                .containsPattern("\n  missing_permission: This token lacks the contents=write permission.* — .+\n");
        assertThat(otherRepo.exitCode()).isEqualTo(4);
        assertThat(otherRepo.out()).contains("\n  repository_not_selected: This token does not select the repository acme3/web.");
        assertThat(missing.exitCode()).isEqualTo(4);
        assertThat(missing.out()).contains("  repository_not_found: acme3/none does not exist or is not visible to you.");
        assertThat(badAction.exitCode()).isEqualTo(6);
        assertThat(badAction.err()).hasLineCount(1).contains("must be one of pull, push");
        assertThat(pull.err() + push.err() + otherRepo.err()).isEmpty();
    }

    @Test
    void token_check_self_checks_the_token_in_latchkey_token_and_json_keeps_the_exit_code() {
        CliRunner bob = orgWithMember("acme4", "bob4", "api");
        String secret = json(bob.run("token", "create", "--name", "writer", "--type", "fine-grained",
                "--resource", "acme4:all", "--permission", "contents=write", "--expires", "7d", "--json")).path("token").asText();
        bob.env("LATCHKEY_TOKEN", secret);

        CliRunner.Result push = bob.run("token", "check", "--self", "--action", "push", "--repo", "acme4/api");
        CliRunner.Result workflow = bob.run("token", "check", "--self", "--action", "push_workflow", "--repo", "acme4/api", "--json");
        CliRunner.Result createRepo = bob.run("token", "check", "--self", "--action", "create_repo", "--owner", "acme4");

        assertThat(push.exitCode()).as(push.out() + push.err()).isZero();
        assertThat(push.out()).startsWith("allowed: push on acme4/api");
        assertThat(workflow.exitCode()).isEqualTo(4);
        JsonNode answer = ApiClient.JSON.valueToTree(parse(workflow.out()));
        assertThat(answer.path("allowed").asBoolean()).isFalse();
        assertThat(answer.path("reasons").get(0).path("code").asText()).isEqualTo("missing_permission");
        assertThat(createRepo.exitCode()).isEqualTo(4);
        assertThat(createRepo.out()).contains("missing_permission: This token lacks the administration=write permission");
        assertThat(push.out() + workflow.out() + createRepo.out()).doesNotContain(secret);
    }

    @Test
    void an_org_requiring_approval_holds_a_members_token_until_an_owner_approves_or_denies_it() {
        CliRunner bob = orgWithMember("acme5", "bob5", "api");
        ok(admin.run("org", "policy", "set", "acme5", "--require-approval", "true"));

        CliRunner.Result created = ok(bob.run("token", "create", "--name", "wants-write", "--type", "fine-grained",
                "--resource", "acme5:all", "--permission", "contents=write", "--expires", "30d"));
        String secret = created.out().lines().filter(line -> line.startsWith("lkf_")).findFirst().orElseThrow();
        String id = created.out().lines().filter(line -> line.startsWith("ID:")).findFirst().orElseThrow().split("\\s+")[1];
        CliRunner.Result pending = bob.env("LATCHKEY_TOKEN", secret).run("token", "check", "--self", "--action", "push",
                "--repo", "acme5/api");
        bob.env("LATCHKEY_TOKEN", null);
        CliRunner.Result byMember = bob.run("org", "requests", "acme5");
        CliRunner.Result requests = ok(admin.run("org", "requests", "acme5"));
        CliRunner.Result approved = ok(admin.run("org", "approve", "acme5", id));
        CliRunner.Result afterApproval = bob.run("token", "check", id, "--action", "push", "--repo", "acme5/api");

        assertThat(created.out()).contains("Resources:    acme5:all  (awaiting approval by an owner of acme5)")
                .contains("An owner of acme5 must approve this token");
        assertThat(pending.exitCode()).isEqualTo(4);
        assertThat(pending.out()).contains("  approval_pending: This token is waiting for an owner of acme5 to approve it");
        assertThat(byMember.exitCode()).isEqualTo(4);
        assertThat(requests.out()).startsWith("ID").containsPattern(id + "\\s+wants-write\\s+bob5\\s+fine-grained\\s+"
                + "contents=write, metadata=read on acme5:all \\(pending\\)");
        assertThat(approved.out()).isEqualTo("Approved token " + id + " 'wants-write' of bob5 on acme5.\n");
        assertThat(afterApproval.exitCode()).as(afterApproval.out()).isZero();
        assertThat(ok(bob.run("token", "show", id)).out()).containsPattern("acme5:all  \\(approved by admin on \\d{4}-");
        assertThat(admin.run("org", "requests", "acme5").out()).doesNotContain("wants-write");

        String denied = json(bob.run("token", "create", "--name", "also-write", "--type", "fine-grained",
                "--resource", "acme5:all", "--permission", "contents=write", "--expires", "30d", "--json")).path("id").asText();
        CliRunner.Result withoutReason = admin.run("org", "deny", "acme5", denied);
        CliRunner.Result deny = ok(admin.run("org", "deny", "acme5", denied, "--reason", "write access needs a ticket"));
        CliRunner.Result check = bob.run("token", "check", denied, "--action", "pull", "--repo", "acme5/api");

        assertThat(withoutReason.exitCode()).isEqualTo(2);
        assertThat(withoutReason.err()).contains("--reason");
        assertThat(deny.out()).isEqualTo("Denied token " + denied + " 'also-write' of bob5 on acme5: write access needs a ticket\n");
        assertThat(check.exitCode()).isEqualTo(4);
        assertThat(check.out()).contains("  approval_denied: An owner of acme5 denied this token: write access needs a ticket");
        assertThat(bob.run("token", "show", denied).out()).contains("(denied by admin on ").contains(": write access needs a ticket)");
    }

    @Test
    void owners_list_and_revoke_any_token_on_the_org_and_read_its_audit_log() {
        CliRunner bob = orgWithMember("acme6", "bob6", "api");
        String id = json(bob.run("token", "create", "--name", "bobs-ci", "--type", "fine-grained",
                "--resource", "acme6:all", "--permission", "contents=read", "--expires", "30d", "--json")).path("id").asText();

        CliRunner.Result tokens = ok(admin.run("org", "tokens", "acme6"));
        CliRunner.Result revoked = ok(admin.run("org", "revoke", "acme6", id));
        CliRunner.Result audit = ok(admin.run("org", "audit", "acme6", "--limit", "50"));

        assertThat(tokens.out()).startsWith("ID").containsPattern(id + "\\s+bobs-ci\\s+bob6\\s+fine-grained\\s+contents=read");
        assertThat(revoked.out()).isEqualTo("Token " + id + " revoked.\n");
        assertThat(ok(bob.run("token", "list", "--all")).out()).containsPattern(id + "\\s+bobs-ci.*revoked");
        assertThat(admin.run("org", "tokens", "acme6").out()).doesNotContain("bobs-ci");
        assertThat(audit.out()).startsWith("TIME").contains("org.member").contains("org=acme6");
        assertThat(json(admin.run("org", "audit", "acme6", "--limit", "1", "--json"))).hasSize(1);
        assertThat(bob.run("org", "audit", "acme6").exitCode()).isEqualTo(4);
    }

    /** An org of the admin with repositories and one member, signed in with their own CLI. */
    private CliRunner orgWithMember(String org, String member, String... repositories) {
        ok(admin.run("org", "create", org));
        for (String repository : repositories) {
            ok(admin.run("repo", "create", repository, "--org", org));
        }
        ok(admin.runWithStdin(member + "-password-1\n", "admin", "user", "create", member, "--email", member + "@example.com"));
        ok(admin.run("org", "member", "add", org, member));
        CliRunner runner = new CliRunner(temp.resolve(member));
        ok(runner.runWithStdin(member + "-password-1\n", "login", "--server", SERVER.url(), "--user", member, "--password-stdin"));
        return runner;
    }

    private static Object parse(String json) {
        try {
            return ApiClient.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
