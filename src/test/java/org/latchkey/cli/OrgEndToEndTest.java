package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code latchkey org …} and {@code repo … --org} against a real server: members, token policy, owners' tokens. */
class OrgEndToEndTest {

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
    void an_owner_creates_an_org_and_adds_changes_and_removes_members() {
        String bob = user("bob1");
        user("carol1");

        assertThat(ok(admin.run("org", "create", "acme1")).out()).isEqualTo("Created organisation acme1; you are its owner.\n");
        assertThat(ok(admin.run("org", "member", "add", "acme1", bob)).out()).isEqualTo("bob1 is a member of acme1.\n");
        assertThat(ok(admin.run("org", "member", "add", "acme1", "carol1", "--role", "owner")).out())
                .isEqualTo("carol1 is an owner of acme1.\n");

        assertThat(ok(admin.run("org", "list")).out()).startsWith("LOGIN").containsPattern("acme1\\s+\\d+\\s+\\d{4}-");
        assertThat(ok(admin.run("org", "show", "acme1")).out()).contains("Login:    acme1");
        assertThat(ok(admin.run("org", "members", "acme1")).out()).containsPattern("admin\\s+owner\\s+\\d{4}-")
                .containsPattern("bob1\\s+member").containsPattern("carol1\\s+owner");
        assertThat(ok(login(bob).run("org", "list")).out()).contains("acme1");

        assertThat(ok(admin.run("org", "member", "remove", "acme1", bob)).out()).isEqualTo("Removed bob1 from acme1.\n");
        assertThat(admin.run("org", "members", "acme1").out()).doesNotContain("bob1");
        assertThat(json(admin.run("org", "members", "acme1", "--json")).findValuesAsText("login"))
                .containsExactlyInAnyOrder("admin", "carol1");
    }

    @Test
    void member_commands_refuse_a_bad_role_an_unknown_user_and_a_non_owner() {
        ok(admin.run("org", "create", "acme2"));
        String bob = user("bob2");
        ok(admin.run("org", "member", "add", "acme2", bob));

        CliRunner.Result badRole = admin.run("org", "member", "add", "acme2", bob, "--role", "admin");
        CliRunner.Result unknownUser = admin.run("org", "member", "add", "acme2", "nobody-here");
        CliRunner.Result byMember = login(bob).run("org", "member", "add", "acme2", "admin", "--role", "member");
        CliRunner.Result unknownOrg = admin.run("org", "show", "no-such-org");

        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).isEqualTo("--role must be owner or member, not 'admin'\n");
        assertThat(unknownUser.exitCode()).isEqualTo(5);
        assertThat(unknownUser.err()).hasLineCount(1).contains("nobody-here");
        assertThat(byMember.exitCode()).isEqualTo(4);
        assertThat(byMember.err()).hasLineCount(1);
        assertThat(unknownOrg.exitCode()).isEqualTo(5);
    }

    @Test
    void policy_set_changes_only_what_is_given() {
        ok(admin.run("org", "create", "acme3"));

        assertThat(ok(admin.run("org", "policy", "acme3")).out()).isEqualTo("""
                Organisation:              acme3
                Forbid classic:            false
                Max lifetime days:         none (Latchkey's limit of 366 days applies)
                Require approval:          false
                Revoke unused after days:  none (the server's setting applies)
                Require two-factor:        false
                """);
        ok(admin.run("org", "policy", "set", "acme3", "--forbid-classic", "true"));
        CliRunner.Result lifetime = ok(admin.run("org", "policy", "set", "acme3", "--max-lifetime-days", "30"));
        assertThat(lifetime.out()).contains("Forbid classic:            true").contains("Max lifetime days:         30\n")
                .contains("Require approval:          false");
        ok(admin.run("org", "policy", "set", "acme3", "--require-approval", "true", "--max-lifetime-days", "none"));
        assertThat(ok(admin.run("org", "policy", "set", "acme3", "--revoke-unused-after-days", "90")).out())
                .contains("Revoke unused after days:  90\n");
        ok(admin.run("org", "policy", "set", "acme3", "--revoke-unused-after-days", "none"));

        JsonNode policy = json(admin.run("org", "policy", "acme3", "--json"));
        assertThat(policy.path("forbid_classic").asBoolean()).isTrue();
        assertThat(policy.path("max_lifetime_days").isNull()).isTrue();
        assertThat(policy.path("require_approval").asBoolean()).isTrue();
        CliRunner.Result nothing = admin.run("org", "policy", "set", "acme3");
        CliRunner.Result tooLong = admin.run("org", "policy", "set", "acme3", "--max-lifetime-days", "400");
        CliRunner.Result notBoolean = admin.run("org", "policy", "set", "acme3", "--forbid-classic", "maybe");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change");
        assertThat(tooLong.exitCode()).isEqualTo(6);
        assertThat(tooLong.err()).hasLineCount(1).contains("between 1 and 366");
        assertThat(notBoolean.exitCode()).isEqualTo(2);
        assertThat(json(admin.run("org", "policy", "acme3", "--json"))).isEqualTo(policy);
    }

    @Test
    void org_commands_use_latchkey_token_when_set_and_its_scopes_decide() {
        String narrow = json(admin.run("token", "create", "--name", "no-org", "--scopes", "repo", "--json")).path("token").asText();
        String orgAdmin = json(admin.run("token", "create", "--name", "org-admin", "--scopes", "admin:org,read:org", "--json"))
                .path("token").asText();

        CliRunner.Result refused = admin.env("LATCHKEY_TOKEN", narrow).run("org", "create", "acme4");
        CliRunner.Result created = admin.env("LATCHKEY_TOKEN", orgAdmin).run("org", "create", "acme4");
        CliRunner.Result listed = admin.run("org", "list");
        admin.env("LATCHKEY_TOKEN", null);

        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.err()).hasLineCount(1).contains("admin:org").contains("(token from LATCHKEY_TOKEN)");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(listed.out()).contains("acme4");
    }

    @Test
    void repositories_are_created_and_listed_in_an_org() {
        ok(admin.run("org", "create", "acme5"));

        CliRunner.Result created = ok(admin.run("repo", "create", "api", "--org", "acme5", "--description", "the API"));
        ok(admin.run("repo", "create", "site", "--org", "acme5", "--public"));

        assertThat(created.out()).isEqualTo(SERVER.url() + "/acme5/api.git\n");
        assertThat(ok(admin.run("repo", "list", "--org", "acme5")).out()).containsPattern("acme5/api\\s+private\\s+.*the API")
                .containsPattern("acme5/site\\s+public");
        assertThat(admin.run("repo", "list").out()).doesNotContain("acme5/");
        assertThat(admin.run("repo", "create", "x", "--org", "no-such-org").exitCode()).isEqualTo(5);
    }

    private String user(String login) {
        ok(admin.runWithStdin(login + "-password-1\n", "admin", "user", "create", login, "--email", login + "@example.com"));
        return login;
    }

    private CliRunner login(String login) {
        CliRunner runner = new CliRunner(temp.resolve(login));
        ok(runner.runWithStdin(login + "-password-1\n", "login", "--server", SERVER.url(), "--user", login, "--password-stdin"));
        return runner;
    }

    static CliRunner.Result ok(CliRunner.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    static JsonNode json(CliRunner.Result result) {
        ok(result);
        try {
            return ApiClient.JSON.readTree(result.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.out(), e);
        }
    }
}
