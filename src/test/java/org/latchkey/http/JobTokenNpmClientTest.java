package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** The real npm client with a job token: a first publish of a granted package, installing it, and a package outside the grant refused. */
class JobTokenNpmClientTest {

    @TempDir
    Path temp;

    @Test
    void a_job_token_publishes_a_new_granted_package_and_nothing_else() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2, TestServer::trustingCi)) {
            String admin = server.signInAdmin();
            JobTokenApiTest.acme(server, admin);
            String job = JobTokenApiTest.mint(server, admin).secret();
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());

            NpmClient.Result published = npm.ok(npm.newPackage("@acme/app", "1.0.0", "module.exports = 1;\n"), job, "publish");
            NpmClient.Result refused = npm.run(npm.newPackage("@acme/other", "1.0.0", "module.exports = 2;\n"), job, "publish");
            Path project = npm.newProject("consumer");
            npm.ok(project, job, "install", "@acme/app");

            assertThat(published.output()).contains("+ @acme/app@1.0.0");
            assertThat(refused.ok()).isFalse();
            assertThat(refused.output()).contains("403", "may not publish packages for @acme/other");
            assertThat(Files.readString(project.resolve("node_modules/@acme/app/index.js"))).isEqualTo("module.exports = 1;\n");
            assertThat(server.get("/api/v1/orgs/acme/audit-log", "token " + admin).body())
                    .contains("\"package\":\"@acme/app\"", JobTokenApiTest.JOB);
        }
    }
}
