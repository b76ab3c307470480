package org.latchkey.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.Refusal;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Matching a job's verified claims against the stored policies: exact string comparison, prefix
 * globs that never cross into another project, and the ways around a pin, each refused with the
 * explanation the owner's security log gets.
 */
class TrustMatchingTest {

    static final String GITHUB = "https://token.actions.githubusercontent.com";

    /** The claims GitHub Actions puts in a release job's ID token for acme/app (owner id 4242). */
    static Map<String, Object> githubJob() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "repo:acme/app:ref:refs/tags/v1.2.0");
        claims.put("repository", "acme/app");
        claims.put("repository_owner", "acme");
        claims.put("repository_owner_id", "4242");
        claims.put("job_workflow_ref", "acme/app/.github/workflows/release.yml@refs/tags/v1.2.0");
        claims.put("workflow_ref", "acme/app/.github/workflows/release.yml@refs/tags/v1.2.0");
        claims.put("ref", "refs/tags/v1.2.0");
        claims.put("run_id", "1234");
        claims.put("sha", "0123456789abcdef0123456789abcdef01234567");
        claims.put("environment", "release");
        return claims;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_job_matches_only_when_every_claim_is_exactly_what_the_policy_pins(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\"}");
            Response created = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"release\","
                    + "\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\"4242\","
                    + "\"ref\":\"refs/tags/v*\",\"environment\":\"release\"},\"repositories\":[\"app\"],"
                    + "\"packages\":[\"@acme/app\"],\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            TrustPolicies policies = server.latchkey().trust().policies();

            Matching good = policies.grantsFor(GITHUB, githubJob());
            assertThat(good.grants()).singleElement().satisfies(grant -> {
                assertThat(grant.ownerLogin()).isEqualTo("acme");
                assertThat(grant.repositories()).containsExactly("app");
                assertThat(grant.packages()).containsExactly("@acme/app");
                assertThat(grant.lifetimeMinutes()).isEqualTo(15);
            });
            assertThat(good.choose(null).ownerLogin()).isEqualTo("acme");
            assertThat(policies.grantsFor(GITHUB, with("repository_owner_id", 4242L)).grants()).hasSize(1);

            assertRefused(policies, with("repository_owner_id", "9999"), "repository_owner_id: expected 4242, presented 9999");
            assertRefused(policies, with("repository_owner_id", "04242"), "presented 04242");
            assertRefused(policies, with("repository_owner_id", 4242.0), "not a single value");
            assertRefused(policies, with("repository", "Acme/App"), "repository: expected acme/app, presented Acme/App");
            assertRefused(policies, with("repository", "acme/app-evil"), "presented acme/app-evil");
            assertRefused(policies, with("repository", List.of("acme/app")), "presented (a list), not a single value");
            assertRefused(policies, with("repository", null), "repository: expected acme/app, the token has no such claim");
            assertRefused(policies, with("ref", "refs/heads/v1"), "ref: expected refs/tags/v*, presented refs/heads/v1");
            assertRefused(policies, with("ref", "REFS/TAGS/v1"), "presented REFS/TAGS/v1");
            assertRefused(policies, with("environment", List.of("release", "other")), "environment");
            assertRefused(policies, with("environment", Map.of("name", "release")), "(an object)");
            Map<String, Object> resurrected = with("repository_owner_id", "9999");
            policies.recordMismatches(policies.grantsFor(GITHUB, resurrected), "req-42",
                    new JobClaims(GITHUB, (String) resurrected.get("sub"), resurrected), org.latchkey.audit.Origin.INTERNAL);
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body()).contains("trust_policy.no_match",
                    "req-42", "repository_owner_id: expected 4242, presented 9999");
            assertThat(policies.grantsFor(GITHUB + "/", githubJob()).grants()).isEmpty();
            assertThat(policies.grantsFor("https://gitlab.com", githubJob()).grants()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void policies_of_one_owner_unite_and_policies_of_two_owners_need_the_owner_named(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\"}");
            server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"docs\"}");
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"mirror\"}");
            String pins = "\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\"4242\"}";
            server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"code\"," + pins
                    + ",\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"},\"lifetime_minutes\":30}");
            server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"docs\"," + pins
                    + ",\"repositories\":[\"docs\"],\"permissions\":{\"contents\":\"write\"},\"lifetime_minutes\":20}");
            TrustPolicies policies = server.latchkey().trust().policies();

            OwnerGrant united = policies.grantsFor(GITHUB, githubJob()).choose(null);
            assertThat(united.repositories()).containsExactly("app", "docs");
            assertThat(united.permissions().wire()).containsEntry("contents", "write");
            assertThat(united.lifetimeMinutes()).isEqualTo(20);
            assertThat(united.policyIds()).hasSize(2);

            server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"mirror\"," + pins
                    + ",\"repositories\":[\"mirror\"],\"permissions\":{\"contents\":\"write\"}}");
            Matching both = policies.grantsFor(GITHUB, githubJob());
            assertThat(both.grants()).hasSize(2);
            assertThatThrownBy(() -> both.choose(null)).isInstanceOfSatisfying(Refusal.class, refusal -> {
                assertThat(refusal.code()).isEqualTo("ambiguous_owner");
                assertThat(refusal.reason() + refusal.fix().orElse("")).doesNotContain("acme", "admin", "mirror");
            });
            assertThat(both.choose("ADMIN").repositories()).containsExactly("mirror");
            assertThatThrownBy(() -> both.choose("someone")).isInstanceOfSatisfying(Refusal.class, refusal ->
                    assertThat(refusal.code()).isEqualTo("no_matching_policy"));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void gitlab_and_other_issuers_match_by_their_own_pins(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/user/repos", "token " + admin, "{\"name\":\"app\"}");
            assertThat(server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"gitlab\","
                    + "\"issuer\":\"https://gitlab.example.com\",\"claims\":{\"project_path\":\"admin/app\",\"namespace_id\":\"77\","
                    + "\"ref\":\"main\"},\"repositories\":[\"app\"],\"permissions\":{\"contents\":\"read\"}}").status()).isEqualTo(201);
            assertThat(server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"buildkite\","
                    + "\"issuer\":\"https://agent.buildkite.com\",\"claims\":{\"sub\":\"organization:acme:pipeline:app:ref:main\"},"
                    + "\"packages\":[\"@admin/app\"],\"permissions\":{\"packages\":\"write\"}}").status()).isEqualTo(201);
            TrustPolicies policies = server.latchkey().trust().policies();
            Map<String, Object> gitlab = new HashMap<>(Map.of("sub", "project_path:admin/app:ref_type:branch:ref:main",
                    "project_path", "admin/app", "namespace_id", 77, "ref", "main", "pipeline_id", "555",
                    "sha", "abcdef1234567890", "ci_config_ref_uri", "gitlab.example.com/admin/app//.gitlab-ci.yml@refs/heads/main"));

            OwnerGrant grant = policies.grantsFor("https://gitlab.example.com", gitlab).choose(null);
            assertThat(grant.repositories()).containsExactly("app");
            assertThat(JobRecord.describe(new JobClaims("https://gitlab.example.com", (String) gitlab.get("sub"), gitlab)))
                    .isEqualTo("admin/app's .gitlab-ci.yml, run 555, at sha abcdef123456 (main)");
            gitlab.put("namespace_id", "78");
            assertThat(policies.grantsFor("https://gitlab.example.com", gitlab).grants()).isEmpty();

            Map<String, Object> buildkite = Map.of("sub", "organization:acme:pipeline:app:ref:main");
            assertThat(policies.grantsFor("https://agent.buildkite.com", buildkite).choose(null).packages())
                    .containsExactly("@admin/app");
            assertThat(policies.grantsFor("https://agent.buildkite.com",
                    Map.of("sub", "organization:acme:pipeline:app:ref:main2")).grants()).isEmpty();
            assertThat(policies.grantsFor("https://agent.buildkite.com", Map.of()).mismatches()).singleElement()
                    .satisfies(m -> assertThat(m.describe()).contains("sub: expected organization:acme:pipeline:app:ref:main,"
                            + " the token has no such claim"));
        }
    }

    private static void assertRefused(TrustPolicies policies, Map<String, Object> claims, String explained) {
        Matching matching = policies.grantsFor(GITHUB, claims);
        assertThat(matching.grants()).as(explained).isEmpty();
        assertThat(matching.mismatches()).singleElement().satisfies(m ->
                assertThat(m.describe()).startsWith("policy release (").contains(explained));
        assertThatThrownBy(() -> matching.choose(null)).isInstanceOfSatisfying(Refusal.class, refusal -> {
            assertThat(refusal.code()).isEqualTo("no_matching_policy");
            assertThat(refusal.reason() + refusal.fix().orElse("")).doesNotContain("release", "acme", "4242", "refs/");
        });
    }

    private static Map<String, Object> with(String claim, Object value) {
        Map<String, Object> claims = githubJob();
        claims.put(claim, value);
        return claims;
    }
}
