package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.oidc.FakeCiProvider;
import org.latchkey.store.TestDatabases.Engine;

/**
 * npm trusted publishing with the real npm client: the test plays the CI system (GitHub Actions'
 * variables and ID-token request endpoint, or GitLab's {@code NPM_ID_TOKEN}) and {@code npm publish}
 * exchanges the job's ID token for a job token, with no token in {@code .npmrc}.
 */
class NpmTrustedPublishingTest {

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();

    @TempDir
    Path temp;

    @Test
    void a_github_actions_job_publishes_with_nothing_stored_and_another_workflow_is_refused() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = OidcExchangeTest.server(Engine.H2, ci)) {
            String admin = server.signInAdmin();
            server.send("POST", "/api/v1/orgs", "token " + admin, "{\"login\":\"acme\"}");
            Response policy = server.send("POST", "/api/v1/orgs/acme/trust-policies", "token " + admin, "{\"name\":\"release\","
                    + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"repository\":\"acme/app\",\"repository_owner_id\":\""
                    + FakeCiProvider.GITHUB_OWNER_ID + "\",\"job_workflow_ref\":\"acme/app/.github/workflows/release.yml@*\"},"
                    + "\"packages\":[\"@acme/app\"],\"permissions\":{\"packages\":\"write\"}}");
            assertThat(policy.status()).as(policy.body()).isEqualTo(201);
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());

            NpmClient.Result published = npm.runInCi(npm.newPackage("@acme/app", "1.0.0", "module.exports = 1;\n"),
                    ci.githubActionsEnvironment(), "publish");
            assertThat(published.ok()).as(published.output()).isTrue();
            assertThat(published.output()).contains("+ @acme/app@1.0.0");

            ci.jobClaims(Map.of("job_workflow_ref", "acme/app/.github/workflows/evil.yml@refs/heads/main"));
            NpmClient.Result evil = npm.runInCi(npm.newPackage("@acme/app", "1.0.1", "module.exports = 2;\n"),
                    ci.githubActionsEnvironment(), "publish");
            assertThat(evil.ok()).as(evil.output()).isFalse();

            String log = server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body();
            assertThat(log).contains("\"package\":\"@acme/app\"", "acme/app's release.yml, run 1234", "trust_policy.no_match",
                    "evil.yml");
            assertThat(server.get("/api/v1/orgs/acme/packages", "token " + admin).body())
                    .doesNotContain("1.0.1");
        }
    }

    @Test
    void a_gitlab_job_publishes_with_its_npm_id_token_for_the_audience_npm_host() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = OidcExchangeTest.server(Engine.H2, ci)) {
            String admin = server.signInAdmin();
            Response policy = server.send("POST", "/api/v1/user/trust-policies", "token " + admin, "{\"name\":\"deploy\","
                    + "\"issuer\":\"" + ci.issuer() + "\",\"claims\":{\"project_path\":\"" + FakeCiProvider.GITLAB_PROJECT
                    + "\",\"namespace_id\":\"" + FakeCiProvider.GITLAB_NAMESPACE_ID + "\"},"
                    + "\"packages\":[\"@admin/*\"],\"permissions\":{\"packages\":\"write\"}}");
            assertThat(policy.status()).as(policy.body()).isEqualTo(201);
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());
            String audience = "npm:" + URI.create(server.baseUrl()).getHost();

            Map<String, String> gitlab = new HashMap<>(Map.of("GITLAB_CI", "true",
                    "NPM_ID_TOKEN", ci.gitlab().audience(audience).sign()));
            NpmClient.Result published = npm.runInCi(npm.newPackage("@admin/tool", "1.0.0", "module.exports = 1;\n"),
                    gitlab, "publish");
            assertThat(published.ok()).as(published.output()).isTrue();

            gitlab.put("NPM_ID_TOKEN", ci.gitlab().audience(server.baseUrl()).sign());
            NpmClient.Result wrongAudience = npm.runInCi(npm.newPackage("@admin/tool", "1.0.1", "module.exports = 2;\n"),
                    gitlab, "publish");
            assertThat(wrongAudience.ok()).as(wrongAudience.output()).isFalse();
            Response direct = server.client().send("POST", "/npm/-/npm/v1/oidc/token/exchange/package/@admin%2ftool",
                    Map.of("Authorization", "Bearer " + ci.gitlab().audience(server.baseUrl()).sign()),
                    java.net.http.HttpRequest.BodyPublishers.noBody());
            assertThat(direct.status()).isEqualTo(401);
            assertThat(direct.json().get("error").asText()).isEqualTo("audience");
            assertThat(server.get("/api/v1/user/audit-log", "token " + admin).body()).contains("group/proj");
        }
    }
}
