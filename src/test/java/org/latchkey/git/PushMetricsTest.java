package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.metrics.MetricsScrape.TOKEN;
import static org.latchkey.metrics.MetricsScrape.scrape;
import static org.latchkey.metrics.MetricsScrape.value;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.git.GitClient.Result;
import org.latchkey.store.TestDatabases.Engine;

/** Refused pushes show up in /metrics by reason. */
class PushMetricsTest {

    private static final String WORKFLOW = "latchkey_git_pushes_refused_total{reason=\"workflow\"}";
    private static final String SECRET = "latchkey_git_pushes_refused_total{reason=\"secret\"}";

    @TempDir
    Path temp;

    @Test
    void refused_pushes_are_counted_by_reason() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withMetricsToken(TOKEN))) {
            GitServerFixture fixture = new GitServerFixture(server);
            String url = fixture.repository("app", true);
            String repoOnly = GitServerFixture.withToken(url, fixture.adminToken("repo", "[\"repo\"]"));
            String leaked = fixture.adminToken("deploy key", "[\"repo\"]");
            GitClient git = new GitClient(temp.resolve("home"));
            Path tree = git.newWorkTree("app");
            git.ok(tree, "push", repoOnly, "main");

            git.commitFile(tree, ".github/workflows/deploy.yml", "name: Deploy\non: [push]\n");
            Result workflow = git.run(tree, "push", repoOnly, "main");
            git.ok(tree, "reset", "-q", "--hard", "HEAD~1");
            git.commitFile(tree, "config/ci.env", "LATCHKEY_TOKEN=" + leaked + "\n");
            Result secret = git.run(tree, "push", repoOnly, "main");
            String page = scrape(server);

            assertThat(workflow.ok()).isFalse();
            assertThat(secret.ok()).isFalse();
            assertThat(value(page, WORKFLOW)).isEqualTo(1);
            assertThat(value(page, SECRET)).isEqualTo(1);
            assertThat(value(page, "latchkey_authentications_total{outcome=\"success\"}")).isGreaterThanOrEqualTo(3);
        }
    }
}
