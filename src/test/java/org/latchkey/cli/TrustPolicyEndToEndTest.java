package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.audit.Origin;
import org.latchkey.trust.JobClaims;
import org.latchkey.trust.TrustPolicies;

/** {@code latchkey trust-policy …} against a real server: create from options and from a file, list, show, delete, refusals. */
class TrustPolicyEndToEndTest {

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension();

    @TempDir
    Path temp;

    private CliRunner admin;

    @BeforeEach
    void loginAsAdmin() {
        admin = SERVER.signedInAdmin(temp.resolve("admin"));
        for (String issuer : List.of("https://token.actions.githubusercontent.com", "https://gitlab.com")) {
            // The server is shared by the class's tests: a second add of the same issuer is 409, which is fine.
            admin.run("admin", "oidc-issuer", "add", issuer);
        }
    }

    @Test
    void an_owner_creates_lists_shows_and_deletes_policies_from_options_and_a_file() throws Exception {
        ok(admin.run("org", "create", "tp1"));
        ok(admin.run("repo", "create", "app", "--org", "tp1"));
        CliRunner.Result created = ok(admin.run("trust-policy", "create", "release", "--org", "tp1",
                "--issuer", "https://token.actions.githubusercontent.com", "--claim", "repository=tp1/app",
                "--claim", "repository_owner_id=4242", "--claim", "ref=refs/tags/v*", "--repo", "app", "--contents", "write",
                "--package", "@tp1/app", "--packages", "write", "--lifetime", "20"));
        Path file = temp.resolve("gitlab.json");
        Files.writeString(file, "{\"name\":\"gitlab\",\"issuer\":\"https://gitlab.com\",\"claims\":{\"project_path\":\"tp1/app\","
                + "\"namespace_id\":\"77\"},\"packages\":[\"@tp1/*\"],\"permissions\":{\"packages\":\"read\"}}");
        CliRunner.Result fromFile = ok(admin.run("trust-policy", "create", "--org", "tp1", "--file", file.toString()));

        assertThat(created.out()).startsWith("Created trust policy release (id ").contains("of tp1.")
                .contains("Claims:", "ref=refs/tags/v*, repository=tp1/app, repository_owner_id=4242")
                .contains("Permissions:", "contents=write, packages=write").contains("20 minutes");
        assertThat(fromFile.out()).contains("Created trust policy gitlab", "https://gitlab.com (gitlab)");
        CliRunner.Result listed = ok(admin.run("trust-policy", "list", "--org", "tp1"));
        assertThat(listed.out()).startsWith("ID").contains("release", "gitlab", "@tp1/*");
        String id = json(admin.run("trust-policy", "list", "--org", "tp1", "--json")).get(0).get("id").asText();
        assertThat(ok(admin.run("trust-policy", "show", id, "--org", "tp1")).out()).contains("Name:", "release");
        assertThat(ok(admin.run("trust-policy", "delete", id, "--org", "tp1")).out()).isEqualTo("Deleted trust policy " + id + ".\n");
        assertThat(json(admin.run("trust-policy", "list", "--org", "tp1", "--json"))).hasSize(1);
        assertThat(ok(admin.run("trust-policy", "list")).out()).doesNotContain("gitlab");
    }

    @Test
    void why_shows_the_owner_which_claim_of_a_refused_job_did_not_match() {
        ok(admin.run("repo", "create", "whyapp"));
        ok(admin.run("trust-policy", "create", "why-release", "--issuer", "https://token.actions.githubusercontent.com",
                "--claim", "repository=admin/whyapp", "--claim", "repository_owner_id=1", "--claim", "ref=refs/tags/v*",
                "--repo", "whyapp", "--contents", "read"));
        java.util.Map<String, Object> claims = java.util.Map.of("sub", "repo:admin/whyapp:ref:refs/heads/main",
                "repository", "admin/whyapp", "repository_owner_id", "1", "ref", "refs/heads/main", "run_id", "77");
        TrustPolicies policies = SERVER.latchkey().trust().policies();
        policies.recordMismatches(policies.grantsFor("https://token.actions.githubusercontent.com", claims), "req-why-1",
                new JobClaims("https://token.actions.githubusercontent.com", "repo:admin/whyapp:ref:refs/heads/main", claims),
                Origin.INTERNAL);

        CliRunner.Result why = ok(admin.run("trust-policy", "why", "req-why-1"));
        CliRunner.Result unknown = admin.run("trust-policy", "why", "req-unknown");

        assertThat(why.out()).contains("Request:", "req-why-1", "admin/whyapp, run 77 (refs/heads/main)")
                .contains("policy why-release (").contains("ref: expected refs/tags/v*, presented refs/heads/main");
        assertThat(unknown.exitCode()).isEqualTo(5);
    }

    @Test
    void a_policy_that_pins_too_little_is_refused_saying_which_claims_to_add() {
        CliRunner.Result refused = admin.run("trust-policy", "create", "loose", "--issuer",
                "https://token.actions.githubusercontent.com", "--claim", "repository=admin/app", "--package", "@admin/app",
                "--packages", "write");
        CliRunner.Result badClaim = admin.run("trust-policy", "create", "x", "--claim", "novalue");
        CliRunner.Result missing = admin.run("trust-policy", "delete", "999999");

        assertThat(refused.exitCode()).isEqualTo(6);
        assertThat(refused.err()).contains("add \"repository_owner_id\"");
        assertThat(badClaim.exitCode()).isNotZero();
        assertThat(badClaim.err()).contains("--claim takes NAME=VALUE");
        assertThat(missing.exitCode()).isEqualTo(5);
    }
}
