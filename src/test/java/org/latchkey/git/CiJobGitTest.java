package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.http.OidcExchangeTest;
import org.latchkey.oidc.FakeCiProvider;
import org.latchkey.store.TestDatabases.Engine;

/**
 * {@code git push} from a CI job with nothing stored: the real git with {@code latchkey credential}
 * as its helper, which exchanges the job's ID token (GitHub Actions' request endpoint, or
 * {@code LATCHKEY_ID_TOKEN}) for a job token reaching only what the owner's policy grants.
 */
class CiJobGitTest {

    @RegisterExtension
    final FakeCiProvider ci = new FakeCiProvider();

    @TempDir
    Path temp;

    @Test
    void a_github_actions_job_pushes_with_the_helper_and_reaches_nothing_outside_its_grant() throws Exception {
        try (TestServer server = OidcExchangeTest.server(Engine.H2, ci)) {
            OidcExchangeTest.policies(server, ci);
            GitClient git = new GitClient(temp.resolve("home"));
            Path latchkey = CliLauncher.script(temp.resolve("bin"));
            git.ok(git.home(), "config", "--global", "credential.helper", "!" + CliLauncher.quote(latchkey.toString()) + " credential");
            git.ok(git.home(), "config", "--global", "credential.useHttpPath", "true");
            ci.githubActionsEnvironment().forEach(git::env);
            Path tree = git.newWorkTree("app");

            GitClient.Result push = git.run(tree, "push", server.baseUrl() + "/acme/app.git", "main");
            git.commitFile(tree, "release.txt", "v1\n");
            GitClient.Result again = git.run(tree, "push", server.baseUrl() + "/acme/app.git", "main");
            GitClient.Result other = git.run(tree, "push", server.baseUrl() + "/acme/other.git", "main");
            ci.jobClaims(java.util.Map.of("repository_owner_id", "9999"));
            GitClient.Result resurrected = git.run(tree, "ls-remote", server.baseUrl() + "/acme/app.git");

            assertThat(push.ok()).as(push.output()).isTrue();
            assertThat(again.ok()).as(again.output()).isTrue();
            assertThat(other.ok()).as(other.output()).isFalse();
            assertThat(resurrected.ok()).isFalse();
            assertThat(resurrected.output()).contains("No trust policy", "request id").doesNotContain("repository_owner_id");
            assertThat(git.home().resolve(".config/latchkey/credentials.enc")).doesNotExist();
        }
    }

    @Test
    void any_ci_gives_the_id_token_in_latchkey_id_token() throws Exception {
        try (TestServer server = OidcExchangeTest.server(Engine.H2, ci)) {
            OidcExchangeTest.policies(server, ci);
            GitClient git = new GitClient(temp.resolve("home"));
            Path latchkey = CliLauncher.script(temp.resolve("bin"));
            git.ok(git.home(), "config", "--global", "credential.helper", "!" + CliLauncher.quote(latchkey.toString()) + " credential");
            git.env("LATCHKEY_ID_TOKEN", ci.gitlab().audience(OidcExchangeTest.audience(server)).sign());

            GitClient.Result clone = git.run(git.home(), "ls-remote", server.baseUrl() + "/admin/site.git");

            assertThat(clone.ok()).as(clone.output()).isTrue();
        }
    }
}
