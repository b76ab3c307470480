package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.LogCapture;
import org.latchkey.SecretShape;
import org.latchkey.TestServer;
import org.latchkey.TestServer.Response;
import org.latchkey.scan.Finding;
import org.latchkey.scan.LeakScanner;
import org.latchkey.scan.SecretKind;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.token.ClientSecretFormat;

/**
 * Client secrets are {@code lkcs_} secrets in the tokens' checksummed shape: the leak scanner finds
 * them, a leak report removes one from its app (its other secrets keep working, the owner's audit
 * log says so, the reporter learns nothing), and secrets made before the prefix keep working.
 */
class ClientSecretLeakTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReportedClientSecret_isRemovedFromItsApp_andTheOwnerIsTold(Engine engine) throws Exception {
        try (TestServer server = TestServer.start(engine)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            JsonNode app = oauth.confidentialApp(session, "https://web.example/cb");
            String clientId = app.path("client_id").asText();
            String leaked = app.path("client_secret").asText();
            assertThat(leaked).matches("lkcs_[0-9A-Za-z]{36}");
            assertThat(ClientSecretFormat.isWellFormed(leaked)).isTrue();
            assertThat(SecretShape.containsSecret("secret=" + leaked)).isTrue();
            long appId = app.path("id").asLong();
            String kept = server.send("POST", "/api/v1/user/oauth-apps/" + appId + "/client-secrets", "token " + session, "")
                    .json().path("client_secret").asText();
            String token = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            assertThat(introspect(oauth, clientId, leaked, token).status()).isEqualTo(200);

            String mistyped = leaked.substring(0, 40) + (leaked.charAt(40) == 'a' ? 'b' : 'a');
            Response report = server.send("POST", "/api/v1/credentials/revoke", null,
                    "{\"credentials\":[\"" + mistyped + "\",\"" + leaked + "\"],\"source\":\"a public gist\"}");
            assertThat(report.status()).isEqualTo(202);
            assertThat(report.body()).doesNotContain(clientId).doesNotContain("lkcs");

            Response refused = introspect(oauth, clientId, leaked, token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.json().path("error").asText()).isEqualTo("invalid_client");
            assertThat(introspect(oauth, clientId, kept, token).status()).as("the app's other secret").isEqualTo(200);
            String audit = server.get("/api/v1/user/audit-log", "token " + session).body();
            assertThat(audit).contains("oauth_app.secret_reported_leaked").contains("a public gist").contains(clientId)
                    .doesNotContain(leaked);

            Response again = server.send("POST", "/api/v1/credentials/revoke", null, "{\"credentials\":[\"" + leaked + "\"]}");
            assertThat(again.status()).as("a second report changes nothing and says the same").isEqualTo(202);
            assertThat(again.body()).isEqualTo(report.body());
        }
    }

    @Test
    void aSecretMadeBeforeThePrefix_keepsWorking() throws Exception {
        try (TestServer server = TestServer.start(Engine.POSTGRESQL)) {
            OAuthHarness oauth = new OAuthHarness(server);
            String session = server.signInAdmin();
            JsonNode app = oauth.confidentialApp(session, "https://web.example/cb");
            String old = "0123456789abcdef0123456789abcdef01234567";
            try (Connection db = server.connectToDatabase(); PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO oauth_client_secrets (app_id, hash, created_at) VALUES (?, ?, ?)")) {
                insert.setLong(1, app.path("id").asLong());
                insert.setBytes(2, MessageDigest.getInstance("SHA-256").digest(old.getBytes(StandardCharsets.UTF_8)));
                insert.setObject(3, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
                insert.executeUpdate();
            }
            String token = server.createToken(session, "{\"name\":\"api\",\"scopes\":[\"repo\"]}").get("token").asText();
            Response answer = introspect(oauth, app.path("client_id").asText(), old, token);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().path("active").asBoolean()).isTrue();
        }
    }

    @Test
    void theLeakScanner_findsClientSecretsWithAGoodChecksumOnly() throws Exception {
        String secret = ClientSecretFormat.generate(new java.security.SecureRandom());
        String broken = secret.substring(0, 40) + (secret.charAt(40) == 'a' ? 'b' : 'a');
        String text = "one = " + secret + "\ntwo = " + broken + "\nthree = x" + secret + "\n";
        var report = new LeakScanner(false).scanStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "config.txt");
        assertThat(report.findings()).extracting(Finding::kind).containsExactly(SecretKind.LATCHKEY_CLIENT_SECRET);
        assertThat(report.findings().get(0).secret()).isEqualTo(secret);
        assertThat(report.latchkeyTokens()).as("sent by latchkey scan --revoke").hasSize(1);
    }

    private static Response introspect(OAuthHarness oauth, String clientId, String secret, String token) {
        return oauth.postForm("/oauth/introspect", Map.of(), Map.of("client_id", clientId, "client_secret", secret,
                "token", token));
    }
}
