package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.audit.Origin;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.IssuedToken;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;
import org.latchkey.trust.JobClaims;
import org.latchkey.trust.TrustMatchingTestClaims;

/**
 * Job tokens minted from an organisation's trust policy, used over HTTP: they reach the granted
 * repository and packages (a package not yet published included) and nothing else, cannot manage
 * tokens or policies, expire by the clock, revoke themselves, and show the job in the audit log and
 * the owner's list of job tokens.
 */
class JobTokenApiTest {

    static final String GITHUB = "https://token.actions.githubusercontent.com";
    static final String JOB = "acme/app's release.yml, run 1234, at sha 0123456789ab (refs/tags/v1.2.0)";

    /** Sets up acme (repositories app and other) with a release policy, and mints a job token for the release job. */
    static IssuedToken mint(TestServer server, String admin) {
        Map<String, Object> claims = TrustMatchingTestClaims.githubJob();
        return server.latchkey().trust().jobs().mint(server.latchkey().trust().policies().grantsFor(GITHUB, claims)
                .choose(null), new JobClaims(GITHUB, (String) claims.get("sub"), claims), Origin.INTERNAL);
    }

    static void acme(TestServer server, String admin) {
        server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"app\",\"private\":true}");
        server.send("POST", "/api/v1/orgs/acme/repos", "token " + admin, "{\"name\":\"other\",\"private\":true}");
        policy(server, admin, "release");
    }

    /** acme's policy for its app's release jobs: repository app and package @acme/app, written. */
    static void policy(TestServer server, String admin, String name) {
        Response policy = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"" + name + "\","
                + "\"issuer\":\"" + GITHUB + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\"4242\","
                + "\"ref\":\"refs/tags/v*\"},\"repositories\":[\"app\"],\"packages\":[\"@acme/app\"],"
                + "\"permissions\":{\"contents\":\"write\",\"packages\":\"write\"},\"lifetime_minutes\":15}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(201);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_job_token_reaches_only_what_its_policy_grants(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            acme(server, admin);
            IssuedToken issued = mint(server, admin);
            String job = "token " + issued.secret();

            assertThat(issued.secret()).startsWith("lkj_");
            assertThat(TokenFormat.parse(issued.secret())).isEqualTo(TokenType.JOB);
            assertThat(issued.token().expiresAt()).isEqualTo(issued.token().createdAt().plus(Duration.ofMinutes(15)));
            assertThat(server.get("/api/v1/repos/acme/app", job).status()).isEqualTo(200);
            Response other = server.get("/api/v1/repos/acme/other", job);
            assertThat(other.status()).isIn(403, 404);
            assertThat(server.send("POST", "/api/v1/orgs/acme/repos", job, "{\"name\":\"more\"}").status()).isEqualTo(403);
            assertThat(server.send("DELETE", "/api/v1/repos/acme/app", job, null).status()).isEqualTo(403);

            Response published = server.send("PUT", "/npm/@acme%2fapp", job, NpmRegistryTest.publishBody("acme", "app", "1.0.0",
                    new byte[] {1, 2, 3}));
            Response otherPackage = server.send("PUT", "/npm/@acme%2fother", job, NpmRegistryTest.publishBody("acme", "other",
                    "1.0.0", new byte[] {1, 2, 3}));
            Response otherScope = server.send("PUT", "/npm/@admin%2fapp", job, NpmRegistryTest.publishBody("admin", "app",
                    "1.0.0", new byte[] {1, 2, 3}));
            assertThat(published.status()).as(published.body()).isEqualTo(201);
            assertThat(otherPackage.status()).isEqualTo(403);
            assertThat(otherPackage.body()).contains("package_not_granted", "@acme/app");
            assertThat(otherScope.status()).isEqualTo(403);
            assertThat(server.get("/npm/@acme%2fapp", job).status()).isEqualTo(200);

            for (String[] route : new String[][] {{"POST", "/api/v1/user/tokens"}, {"POST", "/api/v1/tokens/self/rotate"},
                    {"POST", "/api/v1/user/tokens/1/regenerate"}, {"POST", "/api/v1/user/trust-policies"},
                    {"POST", "/api/v1/orgs/acme/trust-policies"}, {"GET", "/api/v1/user/tokens"}}) {
                Response refused = server.send(route[0], route[1], job, "{\"name\":\"x\",\"scopes\":[\"repo\"]}");
                assertThat(refused.status()).as(route[1]).isEqualTo(403);
                assertThat(refused.json().get("error").asText()).as(route[1]).isEqualTo("job_token_forbidden");
            }

            String audit = server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body();
            assertThat(audit).contains("job_token.issued", "package.published", JOB);
            Response jobs = server.get("/api/v1/orgs/acme/job-tokens", "token " + admin);
            assertThat(jobs.json()).singleElement().satisfies(listed -> {
                assertThat(listed.get("workflow").asText()).isEqualTo("release.yml");
                assertThat(listed.get("run_id").asText()).isEqualTo("1234");
                assertThat(listed.get("ref").asText()).isEqualTo("refs/tags/v1.2.0");
                assertThat(listed.get("sha").asText()).startsWith("0123456789abcdef");
                assertThat(listed.get("subject").asText()).isEqualTo("repo:acme/app:ref:refs/tags/v1.2.0");
                assertThat(listed.get("state").asText()).isEqualTo("active");
                assertThat(listed.get("description").asText()).isEqualTo(JOB);
                assertThat(listed.toString()).doesNotContain(issued.secret());
            });

            server.latchkey().flushUsage();
            Response uses = server.get("/api/v1/orgs/acme/job-tokens/" + issued.token().id() + "/usage", "token " + admin);
            assertThat(uses.status()).as(uses.body()).isEqualTo(200);
            assertThat(uses.json().findValuesAsText("operation")).contains("npm publish @acme/app");
            assertThat(server.get("/api/v1/user/job-tokens/" + issued.token().id() + "/usage", "token " + admin).status())
                    .isEqualTo(404);
            long policy = server.get("/api/v1/orgs/acme/trust-policies", "token " + admin).json().get(0).get("id").asLong();
            assertThat(server.send("DELETE", "/api/v1/orgs/acme/trust-policies/" + policy, "token " + admin, null).status())
                    .isEqualTo(204);
            assertThat(server.get("/api/v1/repos/acme/app", job).status()).isEqualTo(401);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_token_secret_in_a_claim_is_never_stored_nor_shown(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            acme(server, admin);
            String secret = TokenFormat.generate(TokenType.CLASSIC, new java.security.SecureRandom());
            Map<String, Object> claims = new java.util.HashMap<>(TrustMatchingTestClaims.githubJob());
            claims.put("ref", "refs/tags/v" + secret);
            claims.put("sub", "repo:acme/app:ref:refs/tags/v" + secret);
            var policies = server.latchkey().trust().policies();
            server.latchkey().trust().jobs().mint(policies.grantsFor(GITHUB, claims).choose(null),
                    new JobClaims(GITHUB, (String) claims.get("sub"), claims), Origin.INTERNAL);
            claims.put("repository_owner_id", "1");
            policies.recordMismatches(policies.grantsFor(GITHUB, claims), "req-1",
                    new JobClaims(GITHUB, (String) claims.get("sub"), claims), Origin.INTERNAL);

            String listed = server.get("/api/v1/orgs/acme/job-tokens", "token " + admin).body();
            String audit = server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body();
            assertThat(listed).contains("(not shown)").doesNotContain(secret);
            assertThat(audit).contains("job_token.issued", "trust_policy.no_match").doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void a_job_token_expires_by_the_clock_revokes_itself_and_drops_off_the_list_after_the_retention(Engine engine)
            throws Exception {
        try (TestServer server = TestServer.start(engine, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            acme(server, admin);
            String first = "token " + mint(server, admin).secret();
            String second = "token " + mint(server, admin).secret();
            String classic = "token " + server.createToken(admin, "{\"name\":\"pat\",\"scopes\":[\"repo\"]}").get("token").asText();

            Response notJob = server.send("DELETE", "/api/v1/oidc/token", classic, null);
            Response revoked = server.send("DELETE", "/api/v1/oidc/token", second, null);
            Response afterRevoke = server.get("/api/v1/repos/acme/app", second);
            assertThat(notJob.status()).isEqualTo(403);
            assertThat(notJob.json().get("error").asText()).isEqualTo("not_a_job_token");
            assertThat(revoked.status()).isEqualTo(204);
            assertThat(afterRevoke.status()).isEqualTo(401);
            assertThat(afterRevoke.body()).contains("CI job");
            assertThat(server.get("/api/v1/repos/acme/app", first).status()).isEqualTo(200);
            assertThat(server.send("POST", "/api/v1/admin/users/admin/tokens/suspend", "token " + admin, null).status())
                    .isEqualTo(200);
            assertThat(server.get("/api/v1/repos/acme/app", first).body()).contains("token_suspended");
            server.send("POST", "/api/v1/admin/users/admin/tokens/resume", "token " + admin, null);
            assertThat(server.get("/api/v1/repos/acme/app", first).status()).isEqualTo(200);

            IssuedToken third = mint(server, admin);
            assertThat(server.send("DELETE", "/api/v1/user/job-tokens/" + third.token().id(), "token " + admin, null).status())
                    .isEqualTo(404);
            assertThat(server.send("DELETE", "/api/v1/orgs/acme/job-tokens/" + third.token().id(), "token " + admin, null)
                    .status()).isEqualTo(204);
            assertThat(server.get("/api/v1/repos/acme/app", "token " + third.secret()).status()).isEqualTo(401);

            server.clock().advance(Duration.ofMinutes(15));
            Response expired = server.get("/api/v1/repos/acme/app", first);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.body()).contains("expired");
            assertThat(server.get("/api/v1/orgs/acme/job-tokens", "token " + admin).json())
                    .extracting(job -> job.get("state").asText()).containsExactlyInAnyOrder("revoked", "revoked", "expired");
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body()).contains("job_token.revoked");

            server.clock().advance(Duration.ofDays(91));
            String again = server.signInAdmin();
            assertThat(server.get("/api/v1/orgs/acme/job-tokens", "token " + again).json()).isEmpty();
        }
    }
}
