package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.http.NpmRegistryTest.publishBody;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;

/**
 * A node whose {@code serve --packages} directory is gone (unmounted, or a file in its place)
 * answers npm's tarball downloads and publishes 503 {@code storage_unavailable}, not 404 or 500,
 * keeps no version whose tarball it could not store, and serves again once the directory is back.
 */
class LostPackageStorageTest {

    @TempDir
    Path temp;

    @Test
    void tarballs_and_publishes_are_503_while_the_directory_is_lost_and_work_once_it_is_back() throws Exception {
        Path shared = Files.createDirectories(temp.resolve("shared/packages"));
        Path mount = Files.createSymbolicLink(temp.resolve("mount"), shared);
        try (TestServer server = TestServer.start(Engine.H2, settings -> settings.withSharedFiles(null, mount))) {
            String session = server.signInAdmin();
            String write = "Bearer " + server.createToken(session,
                    "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}").get("token").asText();
            byte[] tarball = new byte[4096];
            new Random(3).nextBytes(tarball);
            assertThat(server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.0", tarball))
                    .status()).isEqualTo(201);

            Files.delete(mount);
            Response missing = server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", write);
            Files.writeString(mount, "a file where the directory was mounted");
            Response replaced = server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", write);
            Response publish = server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.1", tarball));
            Files.delete(mount);
            Files.createSymbolicLink(mount, shared);
            Response back = server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", write);
            Response publishedLater = server.send("PUT", "/npm/@admin%2ftool", write,
                    publishBody("admin", "tool", "1.0.1", tarball));

            for (Response refused : new Response[] {missing, replaced, publish}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.json().get("code").asText()).isEqualTo("storage_unavailable");
                assertThat(refused.json().get("message").asText()).startsWith("This node cannot reach its package storage.")
                        .doesNotContain(mount.toString());
            }
            assertThat(back.status()).isEqualTo(200);
            assertThat(publishedLater.status()).as("the refused publish kept no version").isEqualTo(201);
        }
    }
}
