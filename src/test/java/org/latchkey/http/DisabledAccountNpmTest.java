package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;

/** The real npm client with a disabled account's token: refused, and npm prints that the account is disabled. */
class DisabledAccountNpmTest {

    private static final String PASSWORD = "a long and good password";

    @TempDir
    Path temp;

    @Test
    void npm_is_told_the_account_is_disabled_and_works_again_once_it_is_enabled() throws Exception {
        NpmClient.assumeInstalled();
        try (TestServer server = TestServer.start(Engine.H2)) {
            String admin = "token " + server.signInAdmin();
            server.client().createUser(admin.substring(6), "bob", PASSWORD);
            String secret = server.createToken(server.signIn("bob", PASSWORD),
                    "{\"name\":\"ci\",\"scopes\":[\"write:packages\",\"read:packages\"]}").get("token").asText();
            NpmClient npm = new NpmClient(temp.resolve("home"), server.baseUrl());
            Path source = npm.newPackage("@bob/tool", "1.0.0", "module.exports = 1;\n");

            server.send("PUT", "/api/v1/admin/users/bob/disabled", admin, null);
            NpmClient.Result publish = npm.run(source, secret, "publish");
            NpmClient.Result whoami = npm.run(source, secret, "whoami");
            server.send("DELETE", "/api/v1/admin/users/bob/disabled", admin, null);
            NpmClient.Result published = npm.run(source, secret, "publish");

            for (NpmClient.Result refused : new NpmClient.Result[] {publish, whoami}) {
                assertThat(refused.ok()).isFalse();
                assertThat(refused.output()).contains("403").contains("This account is disabled").doesNotContain(secret);
            }
            assertThat(published.ok()).as(published.output()).isTrue();
        }
    }
}
