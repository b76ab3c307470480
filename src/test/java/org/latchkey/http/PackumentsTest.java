package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.latchkey.Refusal;
import org.latchkey.pkg.Checksums;
import org.latchkey.pkg.Package;
import org.latchkey.pkg.PackageVersion;
import org.latchkey.pkg.PackageView;
import org.latchkey.pkg.Publication;
import org.junit.jupiter.api.Test;

/** Reading what npm publish sends, and writing the packument npm install reads. */
class PackumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] TARBALL = "not really gzip, but bytes".getBytes(StandardCharsets.UTF_8);
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private final Packuments packuments = new Packuments(1024 * 1024);

    @Test
    void publication_takesTheOneVersion_itsTarball_checksums_tags_andAccess() {
        Publication publication = packuments.publication("acme", "tool", body());

        assertThat(publication.version()).isEqualTo("1.2.3");
        assertThat(publication.tarball()).isEqualTo(TARBALL);
        assertThat(publication.declaredIntegrity()).isEqualTo(Checksums.integrity(TARBALL));
        assertThat(publication.declaredShasum()).isEqualTo(Checksums.shasum(TARBALL));
        assertThat(publication.distTags()).isEqualTo(Map.of("latest", "1.2.3"));
        assertThat(publication.access()).isEqualTo("public");
    }

    @Test
    void publication_storesTheManifestAsSent_withoutTheClientsTarballUrl() throws Exception {
        JsonNode manifest = JSON.readTree(packuments.publication("acme", "tool", body()).manifest());

        assertThat(manifest.get("description").asText()).isEqualTo("a tool");
        assertThat(manifest.get("dist").has("tarball")).isFalse();
        assertThat(manifest.get("dist").get("shasum").asText()).isEqualTo(Checksums.shasum(TARBALL));
    }

    @Test
    void publication_refusesANameThatIsNotTheUrls() {
        assertThatThrownBy(() -> packuments.publication("other", "tool", body()))
                .isInstanceOfSatisfying(Refusal.class, PackumentsTest::invalidPackage).hasMessageContaining("does not match the package in the URL");
    }

    @Test
    void publication_refusesTwoVersionsAtOnce() {
        ObjectNode body = body();
        ((ObjectNode) body.get("versions")).set("1.2.4", body.get("versions").get("1.2.3").deepCopy());

        assertThatThrownBy(() -> packuments.publication("acme", "tool", body))
                .isInstanceOfSatisfying(Refusal.class, PackumentsTest::invalidPackage).hasMessageContaining("exactly one entry in versions");
    }

    @Test
    void publication_refusesATarballCutShort_orNotBase64() {
        ObjectNode cut = body();
        ((ObjectNode) cut.get("_attachments").get("@acme/tool-1.2.3.tgz")).put("length", TARBALL.length + 10);
        ObjectNode garbled = body();
        ((ObjectNode) garbled.get("_attachments").get("@acme/tool-1.2.3.tgz")).put("data", "%%% not base64");

        assertThatThrownBy(() -> packuments.publication("acme", "tool", cut)).hasMessageContaining("cut short");
        assertThatThrownBy(() -> packuments.publication("acme", "tool", garbled)).hasMessageContaining("not valid base64");
    }

    @Test
    void publication_refusesTagsPointingElsewhere() {
        ObjectNode body = body();
        ((ObjectNode) body.get("dist-tags")).put("latest", "0.9.0");

        assertThatThrownBy(() -> packuments.publication("acme", "tool", body))
                .hasMessageContaining("only point dist-tags at the version it publishes");
    }

    @Test
    void parse_refusesWhatIsNotAJsonObject() {
        assertThatThrownBy(() -> packuments.parse("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOfSatisfying(Refusal.class, PackumentsTest::invalidPackage);
        assertThatThrownBy(() -> packuments.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Refusal.class, PackumentsTest::invalidPackage).hasMessage("The body is not well-formed JSON.");
    }

    @Test
    void packument_pointsEachTarballAtThisServer_withTheStoredChecksums() {
        Package pkg = new Package(5, 1, "Acme", "tool", true, 3, T, T.plusSeconds(60));
        PackageVersion version = new PackageVersion(9, 5, "1.2.3",
                "{\"name\":\"@acme/tool\",\"version\":\"1.2.3\",\"dist\":{\"integrity\":\"sha512-forged\",\"fileCount\":2}}",
                "sha512-stored", "abc123", TARBALL.length, T);

        JsonNode packument = packuments.packument(new PackageView(pkg, List.of(version), Map.of("latest", "1.2.3")),
                "http://127.0.0.1:8080/npm/");

        assertThat(packument.get("name").asText()).isEqualTo("@acme/tool");
        assertThat(packument.get("_rev").asText()).isEqualTo("3-5");
        assertThat(packument.get("dist-tags").get("latest").asText()).isEqualTo("1.2.3");
        JsonNode dist = packument.get("versions").get("1.2.3").get("dist");
        assertThat(dist.get("tarball").asText()).isEqualTo("http://127.0.0.1:8080/npm/@acme/tool/-/tool-1.2.3.tgz");
        assertThat(dist.get("integrity").asText()).isEqualTo("sha512-stored");
        assertThat(dist.get("shasum").asText()).isEqualTo("abc123");
        assertThat(dist.get("fileCount").asInt()).isEqualTo(2);
        assertThat(packument.get("time").get("1.2.3").asText()).isEqualTo("2026-11-25T10:00:00Z");
    }

    /** What npm 11 sends for {@code npm publish --access public} of @acme/tool 1.2.3. */
    static ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        body.put("_id", "@acme/tool");
        body.put("name", "@acme/tool");
        body.put("description", "a tool");
        body.putObject("dist-tags").put("latest", "1.2.3");
        ObjectNode manifest = body.putObject("versions").putObject("1.2.3");
        manifest.put("name", "@acme/tool");
        manifest.put("version", "1.2.3");
        manifest.put("description", "a tool");
        manifest.putObject("dist")
                .put("integrity", Checksums.integrity(TARBALL))
                .put("shasum", Checksums.shasum(TARBALL))
                .put("tarball", "http://127.0.0.1:8080/npm/@acme/tool/-/@acme/tool-1.2.3.tgz");
        body.put("access", "public");
        body.putObject("_attachments").putObject("@acme/tool-1.2.3.tgz")
                .put("content_type", "application/octet-stream")
                .put("data", Base64.getEncoder().encodeToString(TARBALL))
                .put("length", TARBALL.length);
        return body;
    }

    private static void invalidPackage(Refusal refusal) {
        assertThat(refusal.code()).isEqualTo("invalid_package");
        assertThat(refusal.kind()).isEqualTo(Refusal.Kind.BAD_INPUT);
    }
}
