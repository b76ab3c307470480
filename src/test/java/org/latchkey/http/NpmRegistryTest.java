package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.ApiClient;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.pkg.Checksums;
import org.latchkey.store.TestDatabases.Engine;

/**
 * The npm registry over plain HTTP on both engines: what a publish stores and where, what it
 * records in the usage and audit logs, the packument and tarball served back, and the refusals,
 * each with its sentence in {@code error} where npm prints it.
 */
class NpmRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void publish_storesTheTarballById_servesItBack_andRecordsTheUse(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode writer = server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\","
                    + "\"delete:packages\"]}");
            String write = "Bearer " + writer.get("token").asText();
            byte[] tarball = new byte[300 * 1024];
            new Random(7).nextBytes(tarball);

            Response published = server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.0", tarball));
            Response again = server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.0", tarball));
            JsonNode packument = server.get("/npm/@admin%2ftool", write).json();
            String tarballUrl = packument.get("versions").get("1.0.0").get("dist").get("tarball").asText();
            HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(tarballUrl))
                    .header("Authorization", write).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode listed = server.get("/api/v1/user/packages", write).json();

            assertThat(published.status()).as("a body over the API's 64 KiB limit: %s", published.body()).isEqualTo(201);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("code").asText()).isEqualTo("version_exists");
            assertThat(again.json().get("error").asText()).startsWith("Cannot publish over the previously published version 1.0.0");
            assertThat(tarballUrl).isEqualTo(server.baseUrl() + "/npm/@admin/tool/-/tool-1.0.0.tgz");
            assertThat(packument.get("versions").get("1.0.0").get("dist").get("integrity").asText())
                    .isEqualTo(Checksums.integrity(tarball));
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(tarball);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("name").asText()).isEqualTo("@admin/tool");
            assertThat(listed.get(0).get("visibility").asText()).isEqualTo("private");
            assertThat(listed.get(0).get("versions").get(0).asText()).isEqualTo("1.0.0");
            Path stored = server.dataDir().resolve("packages").resolve(listed.get(0).get("id").asText());
            try (var files = Files.list(stored)) {
                assertThat(files.map(path -> path.getFileName().toString()).toList()).singleElement()
                        .satisfies(name -> assertThat(name).matches("[0-9]+\\.tgz"));
            }

            server.latchkey().flushUsage();
            long id = writer.get("id").asLong();
            JsonNode uses = server.get("/api/v1/user/tokens/" + id + "/usage?kind=npm", "token " + session).json();
            assertThat(uses.findValuesAsText("operation")).contains("npm publish @admin/tool", "npm view @admin/tool",
                    "npm install @admin/tool");
            assertThat(uses.findValuesAsText("action")).contains("write_packages", "read_packages");
            JsonNode advice = server.get("/api/v1/user/tokens/" + id + "/advice", "token " + session).json();
            assertThat(advice.get("needed_scopes").toString()).contains("write:packages");
            assertThat(advice.get("unused_scopes").toString()).contains("delete:packages");
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body())
                    .contains("package.published").contains("@admin/tool");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void refusals_sayWhatIsWrong_inTheErrorFieldNpmPrints(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String write = "Bearer " + server.createToken(session, "{\"name\":\"w\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            server.client().createUser(session, "bob", "bob has a long password");
            String bob = "Bearer " + server.createToken(server.signIn("bob", "bob has a long password"),
                    "{\"name\":\"b\",\"scopes\":[\"write:packages\"]}").get("token").asText();
            byte[] tarball = "a tarball".getBytes();
            assertThat(server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.0", tarball)).status())
                    .isEqualTo(201);

            ObjectNode forged = (ObjectNode) JSON.readTree(publishBody("admin", "tool", "1.0.1", tarball));
            ((ObjectNode) forged.get("versions").get("1.0.1").get("dist")).put("integrity", Checksums.integrity(new byte[1]));
            Response damaged = server.send("PUT", "/npm/@admin%2ftool", write, forged.toString());
            Response othersPrivate = server.get("/npm/@admin%2ftool", bob);
            Response intoOthersScope = server.send("PUT", "/npm/@admin%2fother", bob, publishBody("admin", "other", "1.0.0", tarball));
            Response unknownScope = server.send("PUT", "/npm/@nobody%2ftool", write, publishBody("nobody", "tool", "1.0.0", tarball));
            Response unscoped = server.get("/npm/lodash", write);
            Response tooLarge = server.client().sendRaw(ApiClient.head("PUT /npm/@admin%2fbig HTTP/1.1", "Authorization: " + write,
                    "Content-Type: application/json", "Content-Length: " + (40L * 1024 * 1024)), null);
            Response apiStillLimited = server.client().sendRaw(ApiClient.head("POST /api/v1/user/repos HTTP/1.1",
                    "Authorization: token " + session, "Content-Type: application/json", "Content-Length: " + 100 * 1024), null);

            assertThat(damaged.status()).isEqualTo(400);
            assertThat(damaged.json().get("error").asText()).contains("does not match the integrity");
            assertThat(othersPrivate.status()).isEqualTo(404);
            assertThat(othersPrivate.json().get("error").asText()).isEqualTo("Package not found.");
            assertThat(intoOthersScope.status()).isEqualTo(403);
            assertThat(intoOthersScope.json().get("error").asText()).isEqualTo("Permission to admin denied to bob. Only admin may do this.");
            assertThat(unknownScope.status()).isEqualTo(404);
            assertThat(unknownScope.json().get("error").asText()).contains("no user or organisation 'nobody'");
            assertThat(unscoped.status()).isEqualTo(404);
            assertThat(unscoped.json().get("error").asText()).startsWith("Only scoped packages are hosted here");
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.json().get("error").asText()).contains("at most 32 MiB");
            assertThat(apiStillLimited.status()).isEqualTo(413);
            assertThat(server.get("/api/v1/user/packages", write).json().get(0).get("versions")).hasSize(1);
        }
    }

    @Test
    void aWritePackagesTokenThatOnlyInstalls_isAdvisedToNarrow() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            JsonNode installer = server.createToken(session, "{\"name\":\"installer\",\"scopes\":[\"write:packages\"]}");
            String token = "Bearer " + installer.get("token").asText();
            String publisher = "Bearer " + server.createToken(session, "{\"name\":\"p\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            server.send("PUT", "/npm/@admin%2ftool", publisher, publishBody("admin", "tool", "1.0.0", "t".getBytes()));
            assertThat(server.get("/npm/@admin%2ftool", token).status()).isEqualTo(200);
            assertThat(server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", token).status()).isEqualTo(200);
            server.latchkey().flushUsage();

            JsonNode advice = server.get("/api/v1/user/tokens/" + installer.get("id").asLong() + "/advice", "token " + session)
                    .json();

            assertThat(advice.get("needed_scopes").toString()).isEqualTo("[\"read:packages\"]");
            assertThat(advice.get("suggestion").get("kind").asText()).isEqualTo("narrow");
        }
    }

    @Test
    void aTarballDamagedOnDisk_isNotServed() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String session = server.signInAdmin();
            String write = "Bearer " + server.createToken(session, "{\"name\":\"w\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            server.send("PUT", "/npm/@admin%2ftool", write, publishBody("admin", "tool", "1.0.0", "original".getBytes()));
            try (var files = Files.walk(server.dataDir().resolve("packages"))) {
                Path file = files.filter(path -> path.toString().endsWith(".tgz")).findFirst().orElseThrow();
                Files.writeString(file, "tampered");
            }

            Response download = server.get("/npm/@admin/tool/-/tool-1.0.0.tgz", write);

            assertThat(download.status()).isEqualTo(500);
            assertThat(download.body()).doesNotContain("tampered");
        }
    }

    /** The body npm publish sends for one version of @scope/name. */
    static String publishBody(String scope, String name, String version, byte[] tarball) {
        String fullName = "@" + scope + "/" + name;
        ObjectNode body = JSON.createObjectNode();
        body.put("_id", fullName);
        body.put("name", fullName);
        body.putObject("dist-tags").put("latest", version);
        ObjectNode manifest = body.putObject("versions").putObject(version);
        manifest.put("name", fullName);
        manifest.put("version", version);
        manifest.putObject("dist").put("integrity", Checksums.integrity(tarball)).put("shasum", Checksums.shasum(tarball))
                .put("tarball", "http://example/npm/" + fullName + "/-/" + fullName + "-" + version + ".tgz");
        body.putNull("access");
        body.putObject("_attachments").putObject(fullName + "-" + version + ".tgz")
                .put("content_type", "application/octet-stream")
                .put("data", Base64.getEncoder().encodeToString(tarball)).put("length", tarball.length);
        return body.toString();
    }
}
