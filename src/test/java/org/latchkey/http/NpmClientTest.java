package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.store.TestDatabases.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's "Package Publishing" step with the real npm client: {@code npm publish} and
 * {@code npm install} against Latchkey's registry with tokens from {@code LATCHKEY_TOKEN}, and the
 * refusals npm users see when a token may not do it.
 */
class NpmClientTest {

    @TempDir
    Path temp;

    private TestServer server;
    private String session;
    private NpmClient npm;

    @BeforeEach
    void start() {
        NpmClient.assumeInstalled();
        server = TestServer.start(Engine.H2);
        session = server.signInAdmin();
        npm = new NpmClient(temp.resolve("home"), server.baseUrl());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void publish_withWritePackages_thenInstall_withReadPackages() throws Exception {
        String writer = token("publisher", "[\"write:packages\"]");
        String reader = token("installer", "[\"read:packages\"]");
        Path source = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = () => 'hello from latchkey';\n");

        NpmClient.Result published = npm.ok(source, writer, "publish");
        Path project = npm.newProject("app");
        npm.ok(project, reader, "install", "@admin/greeting");

        assertThat(published.output()).contains("+ @admin/greeting@1.0.0");
        assertThat(Files.readString(project.resolve("node_modules/@admin/greeting/index.js")))
                .isEqualTo("module.exports = () => 'hello from latchkey';\n");
        assertThat(Files.readString(project.resolve("package-lock.json")))
                .contains(server.baseUrl() + "/npm/@admin/greeting/-/greeting-1.0.0.tgz").contains("\"integrity\": \"sha512-");
        assertThat(npm.ok(project, reader, "whoami").output().strip()).isEqualTo("admin");
    }

    @Test
    void aPackageHoldingALiveToken_isNotPublished_andNpmSaysWhereTheTokenIs() {
        JsonNode writer = server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}");
        String secret = writer.get("token").asText();
        Path source = npm.newPackage("@admin/greeting", "1.0.0",
                "// the CI token, pasted here by mistake\nmodule.exports = { token: '" + secret + "' };\n");

        NpmClient.Result refused = npm.run(source, secret, "publish");

        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("422")
                .contains("the package contains a live Latchkey token (push protection)")
                .contains("package/index.js:2 (your token 'publisher', id " + writer.get("id").asLong() + ")")
                .contains("latchkey token regenerate ID")
                .doesNotContain(secret);
        assertThat(server.get("/npm/@admin%2fgreeting", "token " + secret).status()).isEqualTo(404);
    }

    @Test
    void aFileNamedAfterALiveToken_orANestedArchiveHoldingOne_isNotPublished_andTheNameIsNotRepeated() throws Exception {
        JsonNode writer = server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}");
        String secret = writer.get("token").asText();
        Path named = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n");
        Files.writeString(named.resolve(secret + ".txt"), "nothing here\n");
        Path nested = npm.newPackage("@admin/fixtures", "1.0.0", "module.exports = 1;\n");
        Files.write(nested.resolve("fixture.tgz"), org.latchkey.pkg.Tarballs.tgz("package/.npmrc",
                "//registry/:_authToken=" + secret + "\n"));

        NpmClient.Result byName = npm.run(named, secret, "publish");
        NpmClient.Result inArchive = npm.run(nested, secret, "publish");

        assertThat(byName.ok()).isFalse();
        assertThat(byName.output()).contains("422")
                .contains("(a file name in the tarball) (your token 'publisher', id " + writer.get("id").asLong() + ")")
                .doesNotContain(secret);
        assertThat(inArchive.ok()).isFalse();
        assertThat(inArchive.output()).contains("422").contains("package/fixture.tgz!package/.npmrc:1 (your token 'publisher'")
                .doesNotContain(secret);
        assertThat(server.get("/npm/@admin%2fgreeting", "token " + secret).status()).isEqualTo(404);
    }

    @Test
    void aDistTagNamedAfterAToken_isRefused_andAPlainTagPublishes() {
        String writer = token("publisher", "[\"write:packages\"]");
        Path source = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n");

        NpmClient.Result refused = npm.run(source, writer, "publish", "--tag", writer);
        NpmClient.Result published = npm.run(source, writer, "publish", "--tag", "beta");

        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("dist-tag: looks like it contains a token secret");
        assertThat(published.ok()).as(published.output()).isTrue();
    }

    @Test
    void publishingTheSameVersionAgain_isRefused() {
        String writer = token("publisher", "[\"write:packages\"]");
        Path source = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n");
        npm.ok(source, writer, "publish");

        NpmClient.Result again = npm.run(source, writer, "publish");

        assertThat(again.ok()).isFalse();
        assertThat(again.output()).contains("previously published version");
    }

    @Test
    void aTokenWithoutWritePackages_isToldWhichScopeItLacks() {
        String repoOnly = token("repo only", "[\"repo\",\"read:packages\"]");
        Path source = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n");

        NpmClient.Result refused = npm.run(source, repoOnly, "publish");

        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("403")
                .contains("This token lacks the 'write:packages' scope needed to publish packages.");
    }

    @Test
    void aTokenWithoutReadPackages_cannotInstallAPrivatePackage_andIsToldWhy() {
        npm.ok(npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n"), token("w", "[\"write:packages\"]"),
                "publish");

        NpmClient.Result refused = npm.run(npm.newProject("app"), token("repo only", "[\"repo\"]"), "install",
                "@admin/greeting");

        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("This token lacks the 'read:packages' scope needed to read packages.");
    }

    @Test
    void anExpiredToken_andARevokedOne_sayWhatHappenedToThem() {
        String writer = token("publisher", "[\"write:packages\"]");
        npm.ok(npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n"), writer, "publish");
        JsonNode shortLived = server.createToken(session, "{\"name\":\"short\",\"scopes\":[\"read:packages\"],\"expires_in_days\":1}");
        JsonNode revoked = server.createToken(session, "{\"name\":\"revoked\",\"scopes\":[\"read:packages\"]}");
        assertThat(server.send("POST", "/api/v1/user/tokens/" + revoked.get("id").asLong() + "/revoke", "token " + session,
                null).status()).isEqualTo(204);
        server.clock().advance(Duration.ofDays(2));
        session = server.signInAdmin();

        NpmClient.Result expiredInstall = npm.run(npm.newProject("app1"), shortLived.get("token").asText(), "install",
                "@admin/greeting");
        NpmClient.Result revokedInstall = npm.run(npm.newProject("app2"), revoked.get("token").asText(), "install",
                "@admin/greeting");

        assertThat(expiredInstall.ok()).isFalse();
        assertThat(expiredInstall.output()).contains("401").contains("This token expired on")
                .contains("Regenerate it or create a new token");
        assertThat(revokedInstall.ok()).isFalse();
        assertThat(revokedInstall.output()).contains("401").contains("This token was revoked on")
                .contains("its owner revoked it");
    }

    @Test
    void aFineGrainedTokenForAnotherOwner_isRefused_andOneForThisOwnerPublishes() {
        Response org = server.send("POST", "/api/v1/orgs", "token " + session, "{\"login\":\"acme\"}");
        assertThat(org.status()).isEqualTo(201);
        String forAcme = fineGrained("acme packages", "acme");
        Path mine = npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n");
        Path acmes = npm.newPackage("@acme/greeting", "1.0.0", "module.exports = 2;\n");

        NpmClient.Result refused = npm.run(mine, forAcme, "publish");
        NpmClient.Result published = npm.run(acmes, forAcme, "publish");

        assertThat(refused.ok()).isFalse();
        assertThat(refused.output()).contains("This token may only act on resources of acme, not admin.");
        assertThat(published.ok()).as(published.output()).isTrue();
    }

    @Test
    void aPublicPackage_installsWithoutAToken_andAPrivateOneAsksForOne() {
        String writer = token("publisher", "[\"write:packages\"]");
        npm.ok(npm.newPackage("@admin/open", "1.0.0", "module.exports = 'open';\n"), writer, "publish", "--access", "public");
        npm.ok(npm.newPackage("@admin/closed", "1.0.0", "module.exports = 'closed';\n"), writer, "publish");

        NpmClient.Result open = npm.run(npm.newProject("app1"), null, "install", "@admin/open");
        NpmClient.Result closed = npm.run(npm.newProject("app2"), null, "install", "@admin/closed");

        assertThat(open.ok()).as(open.output()).isTrue();
        assertThat(closed.ok()).isFalse();
        assertThat(closed.output()).contains("401").contains("Authentication required")
                .contains("_authToken=${LATCHKEY_TOKEN}");
    }

    @Test
    void unpublish_needsDeletePackages_thenRemovesTheVersion() {
        String writer = token("publisher", "[\"write:packages\"]");
        npm.ok(npm.newPackage("@admin/greeting", "1.0.0", "module.exports = 1;\n"), writer, "publish");
        npm.ok(npm.newPackage("@admin/greeting", "1.1.0", "module.exports = 2;\n"), writer, "publish");
        Path project = npm.newProject("app");

        NpmClient.Result refused = npm.run(project, writer, "unpublish", "@admin/greeting@1.1.0");
        npm.ok(project, token("deleter", "[\"delete:packages\",\"read:packages\"]"), "unpublish", "@admin/greeting@1.1.0");
        NpmClient.Result versions = npm.ok(project, writer, "view", "@admin/greeting", "versions", "--json");

        assertThat(refused.output()).contains("This token lacks the 'delete:packages' scope needed to delete packages.");
        assertThat(versions.output().replaceAll("\\s", "")).isEqualTo("[\"1.0.0\"]");
    }

    private String token(String name, String scopesJson) {
        return server.createToken(session, "{\"name\":\"" + name + "\",\"scopes\":" + scopesJson + ",\"expires_in_days\":30}")
                .get("token").asText();
    }

    private String fineGrained(String name, String owner) {
        Response created = server.send("POST", "/api/v1/user/tokens", "token " + session, "{\"name\":\"" + name
                + "\",\"type\":\"fine_grained\",\"resources\":[{\"owner\":\"" + owner + "\",\"repositories\":\"all\"}],"
                + "\"permissions\":{\"packages\":\"write\"},\"expires_in_days\":30}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }
}
