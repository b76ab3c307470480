package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.http.JobTokenApiTestAccess;
import org.latchkey.store.TestDatabases.Engine;

/** The real git client with a job token: push to the granted repository, nothing else, and nothing once the job revoked it. */
class JobTokenGitTest {

    @TempDir
    Path temp;

    @Test
    void a_job_token_pushes_to_its_repository_only_until_the_job_revokes_it() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, TestServer::trustingCi)) {
            GitServerFixture fixture = new GitServerFixture(server);
            JobTokenApiTestAccess.acme(server, fixture.adminSession);
            String job = JobTokenApiTestAccess.mint(server, fixture.adminSession);
            String app = server.baseUrl() + "/acme/app.git";
            String other = server.baseUrl() + "/acme/other.git";
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");

            git.ok(tree, "push", GitServerFixture.withToken(app, job), "main");
            git.commitFile(tree, "release.txt", "v1.2.0\n");
            git.ok(tree, "push", GitServerFixture.withToken(app, job), "main");
            GitClient.Result toOther = git.run(tree, "push", GitServerFixture.withToken(other, job), "main");
            git.commitFile(tree, ".github/workflows/steal.yml", "on: push\n");
            GitClient.Result workflow = git.run(tree, "push", GitServerFixture.withToken(app, job), "main");
            assertThat(workflow.ok()).isFalse();
            assertThat(workflow.output()).contains("workflows=write");
            GitClient.Result fetched = git.run(tree, "ls-remote", GitServerFixture.withToken(app, job));

            assertThat(toOther.ok()).isFalse();
            assertThat(fetched.ok()).as(fetched.output()).isTrue();
            assertThat(server.send("DELETE", "/api/v1/oidc/token", "token " + job, null).status()).isEqualTo(204);
            GitClient.Result afterRevoke = git.run(tree, "ls-remote", GitServerFixture.withToken(app, job));
            assertThat(afterRevoke.ok()).isFalse();
            assertThat(afterRevoke.output()).contains("revoked");
        }
    }
}
