package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.tls.TlsTestServer;

/**
 * The real npm client publishes to and installs from the registry over {@code https://}, trusting
 * the test's certificate authority through {@code cafile}; without it npm refuses the server.
 */
class NpmOverHttpsTest {

    @TempDir
    Path temp;

    @Test
    void npm_publishes_and_installs_over_https_with_cafile() throws Exception {
        NpmClient.assumeInstalled();
        try (TlsTestServer tls = TlsTestServer.start(temp.resolve("server"))) {
            String token = tls.token(tls.signInAdmin(), "[\"write:packages\"]");
            NpmClient npm = new NpmClient(temp.resolve("home"), tls.baseUrl()).trusting(tls.caFile());
            NpmClient untrusting = new NpmClient(temp.resolve("untrusting"), tls.baseUrl());
            Path source = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 'hello over TLS';\n");

            NpmClient.Result published = npm.run(source, token, "publish");
            Path project = npm.newProject("app");
            NpmClient.Result installed = npm.run(project, token, "install", "@admin/greeting");
            NpmClient.Result refused = untrusting.run(untrusting.newProject("app"), token, "view", "@admin/greeting",
                    "--fetch-retries", "0");

            assertThat(published.ok()).as(published.output()).isTrue();
            assertThat(published.output()).contains("+ @admin/greeting@1.0.0");
            assertThat(installed.ok()).as(installed.output()).isTrue();
            assertThat(Files.readString(project.resolve("node_modules/@admin/greeting/index.js"))).contains("hello over TLS");
            assertThat(Files.readString(project.resolve("package-lock.json")))
                    .contains(tls.baseUrl() + "/npm/@admin/greeting/-/greeting-1.0.0.tgz");
            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).containsIgnoringCase("certificate");
        }
    }
}
