package org.latchkey.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.tls.TlsTestServer.expect;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.tls.TlsTestServer;

/**
 * The real git over {@code https://}: it trusts the server's certificate through
 * {@code GIT_SSL_CAINFO} naming the test's certificate authority, pushes and clones with a token
 * as the password (over HTTP/2 when git's curl offers it), is refused without one, and refuses a
 * server it cannot verify.
 */
class GitOverHttpsTest {

    @TempDir
    Path temp;

    @Test
    void git_pushes_and_clones_over_https_trusting_the_server_through_git_ssl_cainfo() throws Exception {
        try (TlsTestServer tls = TlsTestServer.start(temp.resolve("server"))) {
            String session = tls.signInAdmin();
            String token = tls.token(session, "[\"repo\"]");
            String url = TlsTestServer.json(expect(201, tls.curl().run("-X", "POST", "-H", "Authorization: token " + session,
                    "--data", "{\"name\":\"website\",\"private\":true}", tls.baseUrl() + "/api/v1/user/repos")))
                    .get("clone_url").asText();
            GitClient git = new GitClient(temp.resolve("home"));
            git.env("GIT_SSL_CAINFO", tls.caFile().toString());
            Path tree = git.newWorkTree("website");
            String withToken = url.replace("https://", "https://x-access-token:" + token + "@");

            GitClient.Result push = git.run(tree, "push", withToken, "main");
            git.commitFile(tree, "index.html", "<h1>over TLS</h1>\n");
            GitClient.Result second = git.run(tree, "-c", "http.version=HTTP/1.1", "push", withToken, "main");
            GitClient.Result clone = git.run(temp, "clone", withToken, "copy");
            GitClient.Result anonymous = git.run(temp, "clone", url, "anonymous");
            git.env("GIT_SSL_CAINFO", null);
            GitClient.Result untrusted = git.run(temp, "clone", withToken, "untrusted");

            assertThat(url).isEqualTo(tls.baseUrl() + "/admin/website.git");
            assertThat(push.ok()).as(push.output()).isTrue();
            assertThat(second.ok()).as(second.output()).isTrue();
            assertThat(clone.ok()).as(clone.output()).isTrue();
            assertThat(temp.resolve("copy/index.html")).hasContent("<h1>over TLS</h1>");
            assertThat(anonymous.ok()).isFalse();
            assertThat(untrusted.ok()).isFalse();
            assertThat(untrusted.output()).containsIgnoringCase("certificate");
            assertThat(untrusted.output() + push.output() + clone.output()).doesNotContain(token);
        }
    }
}
