package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.pkg.Tarballs;
import org.latchkey.store.TestDatabases.Engine;

/**
 * Push protection for packages, over the npm registry API: a tarball holding a live Latchkey token
 * is refused with where it is (naming the token only to its owner), nothing is stored, and both
 * owners' audit logs say so; a token that no longer works is let through and recorded.
 */
class PublishProtectionTest {

    private static final String PACKAGE = "/npm/@admin%2ftool";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLiveToken_isRefusedWithItsLocation_andAnotherUsersTokenIsNotNamed(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            JsonNode publisher = server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}");
            String write = "token " + publisher.get("token").asText();
            server.client().createUser(session, "bob", "bob has a long password");
            String bobsSession = server.signIn("bob", "bob has a long password");
            String bobs = server.createToken(bobsSession, "{\"name\":\"bobs ci\",\"scopes\":[\"repo\"]}").get("token").asText();
            String old = server.createToken(session, "{\"name\":\"old\",\"scopes\":[]}").get("token").asText();
            byte[] tarball = Tarballs.tgz("package/package.json", "{\"name\":\"@admin/tool\"}\n",
                    "package/.env", "GITHUB_TOKEN=nothing\nLATCHKEY_TOKEN=" + bobs + "\n",
                    "package/test/fixture.txt", publisher.get("token").asText() + "\n",
                    "package/keys/" + old + ".txt", old + "\n");

            Response refused = server.send("PUT", PACKAGE, write, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));

            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().path("code").asText()).isEqualTo("secret_detected");
            assertThat(refused.json().path("error").asText())
                    .contains("package/.env:2;")
                    .contains("package/test/fixture.txt:1 (your token 'publisher', id " + publisher.get("id").asLong() + ")")
                    .contains("(a file whose name holds a token secret):1 (your token 'old'")
                    .doesNotContain("bobs ci").doesNotContain(bobs).doesNotContain(publisher.get("token").asText())
                    .doesNotContain(old);
            assertThat(server.get(PACKAGE, write).status()).isEqualTo(404);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body())
                    .contains("package.blocked_secret", "token.leaked_in_package");
            assertThat(server.get("/api/v1/user/audit-log", "token " + bobsSession).body())
                    .contains("token.leaked_in_package").contains("package/.env:2");
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aLiveClientSecret_isRefusedToo_andOneNoAppHoldsIsNot(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String write = "token " + server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            String secret = server.send("POST", "/api/v1/user/oauth-apps", "token " + session,
                    "{\"name\":\"Billing\",\"homepage_url\":\"https://billing.example\","
                            + "\"callback_urls\":[\"https://billing.example/cb\"],\"confidential\":true}")
                    .json().get("client_secret").asText();
            byte[] tarball = Tarballs.tgz("package/config.js", "module.exports = '" + secret + "';\n");

            Response refused = server.send("PUT", PACKAGE, write, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().path("error").asText())
                    .contains("package/config.js:1 (the client secret of your OAuth app 'Billing')").doesNotContain(secret);

            server.send("POST", "/api/v1/credentials/revoke", null, "{\"credentials\":[\"" + secret + "\"]}");
            Response published = server.send("PUT", PACKAGE, write, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));
            assertThat(published.status()).as(published.body()).isIn(200, 201);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRevokedToken_doesNotBlockThePublish_butIsRecorded(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            String session = server.signInAdmin();
            String write = "token " + server.createToken(session, "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}")
                    .get("token").asText();
            JsonNode old = server.createToken(session, "{\"name\":\"old\",\"scopes\":[]}");
            assertThat(server.send("POST", "/api/v1/user/tokens/" + old.get("id").asLong() + "/revoke", "token " + session,
                    null).status()).isEqualTo(204);
            byte[] tarball = Tarballs.tgz("package/index.js", "module.exports = '" + old.get("token").asText() + "';\n");

            Response published = server.send("PUT", PACKAGE, write, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));

            assertThat(published.status()).as(published.body()).isIn(200, 201);
            assertThat(server.get("/api/v1/user/audit-log", "token " + session).body())
                    .contains("token.inactive_token_in_package").doesNotContain("package.blocked_secret");
        }
    }

    @org.junit.jupiter.api.Test
    void aTarballWithTokensInMoreThanAThousandPlaces_isRefusedWithoutLookingThemAllUp() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            String write = "token " + server.createToken(server.signInAdmin(),
                    "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}").get("token").asText();
            StringBuilder lines = new StringBuilder();
            java.security.SecureRandom random = new java.security.SecureRandom();
            for (int i = 0; i <= 1000; i++) {
                lines.append(org.latchkey.token.TokenFormat.generate(org.latchkey.token.TokenType.CLASSIC, random)).append('\n');
            }
            byte[] tarball = Tarballs.tgz("package/fixtures.txt", lines.toString());

            Response refused = server.send("PUT", PACKAGE, write, NpmRegistryTest.publishBody("admin", "tool", "1.0.0", tarball));

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().path("error").asText()).contains("in more than 1000 places");
        }
    }

    @org.junit.jupiter.api.Test
    void aLiveTokenInTheManifestAlone_isRefusedToo_andNothingIsStored() throws Exception {
        try (TestServer server = TestServer.start(Engine.H2)) {
            JsonNode publisher = server.createToken(server.signInAdmin(), "{\"name\":\"publisher\",\"scopes\":[\"write:packages\"]}");
            String secret = publisher.get("token").asText();
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(NpmRegistryTest.publishBody("admin", "tool", "1.0.0",
                            Tarballs.tgz("package/index.js", "module.exports = 1;\n")));
            ((com.fasterxml.jackson.databind.node.ObjectNode) body.get("versions").get("1.0.0")).put("description", "key " + secret);

            Response refused = server.send("PUT", PACKAGE, "token " + secret, body.toString());

            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(refused.json().path("error").asText())
                    .contains("the field description of the package.json sent with the publish (your token 'publisher'").doesNotContain(secret);
            assertThat(server.get(PACKAGE, "token " + secret).status()).isEqualTo(404);
        }
    }
}
