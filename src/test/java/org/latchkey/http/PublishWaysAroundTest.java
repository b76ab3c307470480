package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.pkg.Tarballs;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Publish protection as its attacker sees it, over the npm registry API: each place a live token can
 * hide in a publish (a file or directory name, a link target, a gzip header, an archive inside the
 * package, JSON escapes, any field of the manifest sent and its README, a dist-tag name) is refused
 * with where it is and nothing is stored, while the same shapes without a live token publish.
 */
class PublishWaysAroundTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PACKAGE = "/npm/@admin%2ftool";
    /** A zip of one entry that unpacks past the limit, made once. */
    private static final byte[] ZIP_BOMB = zipBomb();
    private static final String PACKAGE_JSON = "{\"name\":\"@admin/tool\",\"version\":\"1.0.0\"}\n";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void eachPlaceALiveTokenHides_isRefusedNamingThePlace_andNothingIsStored(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            JsonNode publisher = server.createToken(server.signInAdmin(), "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}");
            String secret = publisher.get("token").asText();
            String escaped = "\\u006c" + secret.substring(1);
            Map<String, String> bodies = new LinkedHashMap<>();
            bodies.put("(a file name in the tarball)", body(Tarballs.tgz("package/package.json", PACKAGE_JSON,
                    "package/keys/" + secret + "/id.txt", "x"), manifest -> { }));
            bodies.put("(the link target of package/config)", body(withSymlink("package/config", "../" + secret), m -> { }));
            bodies.put("(the tarball, outside its files)", body(gzipWithComment(Tarballs.tar("package/package.json",
                    PACKAGE_JSON), "built with " + secret), m -> { }));
            bodies.put("package/fixtures/inner.tgz!package/secret.txt:3", body(Tarballs.tgz("package/package.json",
                    PACKAGE_JSON, "package/fixtures/inner.tgz", Tarballs.tgz("package/secret.txt", "\n\n" + secret)), m -> { }));
            bodies.put("package/fixtures/docs.zip!a/" + "b.txt:1", body(Tarballs.tgz("package/package.json", PACKAGE_JSON,
                    "package/fixtures/docs.zip", Tarballs.zip("a/b.txt", secret)), m -> { }));
            bodies.put("package/package.json:1 (the field readme)", body(Tarballs.tgz("package/package.json",
                    "{\"readme\":\"# Tool\\n" + secret + "\"}"), m -> { }));
            bodies.put("the README sent with the publish", body(clean(), m -> m.put("readme", "# Tool\n" + secret)));
            bodies.put("the field scripts.postinstall of the package.json sent with the publish", body(clean(),
                    m -> m.putObject("scripts").put("postinstall", "curl -H 'Authorization: Bearer " + secret + "' x")));
            bodies.put("the field repository.url of the package.json sent with the publish", body(clean(),
                    m -> m.putObject("repository").put("url", "https://admin:" + secret + "@example.com/tool.git")));
            bodies.put("the field keywords[1] of the package.json sent with the publish", body(clean(),
                    m -> m.putArray("keywords").add("tool").add(secret)));
            bodies.put("the field description of the package.json sent with the publish", body(clean(),
                    m -> m.put("description", "key: __ESCAPED__")));
            bodies.put("a field name in the package.json sent with the publish", body(clean(),
                    m -> m.putObject("config").put(secret, true)));

            for (Map.Entry<String, String> way : bodies.entrySet()) {
                Response refused = server.send("PUT", PACKAGE, "token " + secret, way.getValue().replace("__ESCAPED__", escaped));

                assertThat(refused.status()).as("%s: %s", way.getKey(), refused.body()).isEqualTo(422);
                assertThat(refused.json().path("code").asText()).isEqualTo("secret_detected");
                assertThat(refused.json().path("error").asText()).as(way.getKey())
                        .contains(way.getKey() + " (your token 'publisher', id " + publisher.get("id").asLong() + ")")
                        .doesNotContain(secret);
            }
            assertThat(server.get(PACKAGE, "token " + secret).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theSameShapesWithoutALiveToken_publish_andARevokedTokenInThemIsRecorded(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String write = "token " + server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            JsonNode old = server.createToken(session, "{\"name\":\"old\",\"scopes\":[]}");
            String revoked = old.get("token").asText();
            assertThat(server.send("POST", "/api/v1/user/tokens/" + old.get("id").asLong() + "/revoke", "token " + session,
                    null).status()).isEqualTo(204);
            String flipped = flipCase(write.substring("token ".length()));
            byte[] tarball = Tarballs.tgz("package/package.json", "{\"readme\":\"# Tool\\nno secret \\u00e9\"}",
                    "package/" + flipped + ".txt", flipped,
                    "package/fixtures/inner.tgz", Tarballs.tgz("package/old.txt", "\n" + revoked),
                    "package/fixtures/docs.zip", Tarballs.zip("a/b.txt", "hello"),
                    "package/odd\u0000name-" + "x".repeat(200) + ".txt", revoked);

            Response published = server.send("PUT", PACKAGE, write, body(tarball, m -> m.put("readme", "# Tool\n" + flipped)));

            assertThat(published.status()).as(published.body()).isEqualTo(201);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body())
                    .contains("token.inactive_token_in_package", "package/fixtures/inner.tgz!package/old.txt:2",
                            "package/odd?name-xxx")
                    .doesNotContain("package.blocked_secret");
            assertThat(server.get(PACKAGE, write).json().path("versions").path("1.0.0").path("readme").asText())
                    .isEqualTo("# Tool\n" + flipped);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aBomb_anArchiveTooDeep_andOneThatCannotBeRead_areRefusedAs400(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String write = "token " + server.createToken(server.signInAdmin(),
                    "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}").get("token").asText();
            byte[] deep = Tarballs.tgz("package/secret.txt", "x");
            for (int level = 5; level >= 1; level--) {
                deep = Tarballs.tgz("package/l" + level + ".tgz", deep);
            }
            byte[] inner = Tarballs.tgz("package/a.txt", "x".repeat(100_000));
            byte[] cut = java.util.Arrays.copyOf(inner, inner.length / 2);
            Map<String, byte[]> tarballs = new LinkedHashMap<>();
            tarballs.put("the tarball unpacks to more than 512 MiB", Tarballs.tgz("package/bomb.zip", ZIP_BOMB));
            tarballs.put("nests archives more than 10 layers deep", deep);
            tarballs.put("package/broken.tgz is not readable gzip", Tarballs.tgz("package/broken.tgz", cut));

            for (Map.Entry<String, byte[]> way : tarballs.entrySet()) {
                Response refused = server.send("PUT", PACKAGE, write, body(way.getValue(), m -> { }));

                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().path("error").asText()).startsWith("The tarball cannot be checked for tokens:")
                        .contains(way.getKey());
            }
            assertThat(server.get(PACKAGE, write).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aDistTagNamedAfterAToken_isRefusedOnPublishUnpublishAndDistTagAdd_andDeprecateStoresNoText(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String secret = server.createToken(session, "{\"name\":\"all\",\"scopes\":[\"write:packages\",\"read:packages\","
                    + "\"delete:packages\"]}").get("token").asText();
            String old = server.createToken(session, "{\"name\":\"old\",\"scopes\":[]}").get("token").asText();
            String auth = "token " + secret;
            ObjectNode tagged = (ObjectNode) JSON.readTree(body(clean(), m -> { }));
            ((ObjectNode) tagged.get("dist-tags")).put(old, "1.0.0");

            Response taggedPublish = server.send("PUT", PACKAGE, auth, tagged.toString());
            assertThat(server.send("PUT", PACKAGE, auth, body(clean(), m -> { })).status()).isEqualTo(201);
            assertThat(server.send("PUT", PACKAGE, auth, body(clean(), m -> { }).replace("1.0.0", "1.1.0")).status())
                    .isEqualTo(201);
            ObjectNode remaining = (ObjectNode) server.get(PACKAGE, auth).json();
            ((ObjectNode) remaining.get("versions")).remove("1.1.0");
            ObjectNode tags = (ObjectNode) remaining.get("dist-tags");
            tags.put("latest", "1.0.0").put(old, "1.0.0");
            Response taggedUnpublish = server.send("PUT", PACKAGE + "/-rev/" + remaining.get("_rev").asText(), auth,
                    remaining.toString());
            ObjectNode deprecated = (ObjectNode) server.get(PACKAGE, auth).json();
            ((ObjectNode) deprecated.get("versions").get("1.0.0")).put("deprecated", "use " + old + " instead");
            Response deprecate = server.send("PUT", PACKAGE + "/-rev/" + deprecated.get("_rev").asText(), auth,
                    deprecated.toString());
            Response distTagAdd = server.send("PUT", "/npm/-/package/@admin%2ftool/dist-tags/" + old, auth, "\"1.0.0\"");
            tags.remove(old);
            tags.put("stable", "1.0.0");
            Response cleanUnpublish = server.send("PUT", PACKAGE + "/-rev/" + remaining.get("_rev").asText(), auth,
                    remaining.toString());

            for (Response refused : new Response[] {taggedPublish, taggedUnpublish}) {
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(refused.json().path("error").asText()).contains("dist-tag: looks like it contains a token secret")
                        .doesNotContain(old);
            }
            assertThat(distTagAdd.status()).as(distTagAdd.body()).isBetween(400, 499);
            assertThat(distTagAdd.body()).doesNotContain(old);
            assertThat(deprecate.status()).as(deprecate.body()).isEqualTo(400);
            assertThat(deprecate.body()).contains("npm deprecate").doesNotContain(old);
            assertThat(cleanUnpublish.status()).as(cleanUnpublish.body()).isEqualTo(200);
            JsonNode packument = server.get(PACKAGE, auth).json();
            assertThat(JSON.convertValue(packument.path("dist-tags"), Map.class))
                    .isEqualTo(Map.of("latest", "1.0.0", "stable", "1.0.0"));
            assertThat(packument.toString()).doesNotContain(old);
        }
    }

    static String body(byte[] tarball, Consumer<ObjectNode> manifest) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));
            manifest.accept((ObjectNode) body.get("versions").get("1.0.0"));
            return body.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] clean() {
        return Tarballs.tgz("package/package.json", PACKAGE_JSON, "package/index.js", "module.exports = 1;\n");
    }

    private static byte[] withSymlink(String path, String target) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry link = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(target);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        return Tarballs.gzip(out.toByteArray());
    }

    private static byte[] gzipWithComment(byte[] data, String comment) throws IOException {
        GzipParameters parameters = new GzipParameters();
        parameters.setComment(comment);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(out, parameters)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] zipBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            zip.putNextEntry(new java.util.zip.ZipEntry("zeros"));
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i <= 512; i++) {
                zip.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String flipCase(String text) {
        StringBuilder flipped = new StringBuilder(text.substring(0, 4));
        for (char c : text.substring(4).toCharArray()) {
            flipped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return flipped.toString();
    }
}
