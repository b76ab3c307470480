package org.latchkey.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.latchkey.Settings;
import org.latchkey.TestServer;
import org.latchkey.store.TestDatabases.Engine;
import org.latchkey.tls.TestCertificates.Issued;
import org.latchkey.tls.TestCertificates.KeyFormat;

/**
 * A real server serving HTTPS with a certificate from a certificate authority of the test's own
 * (whose certificate is {@link #caFile()}), a plain-HTTP redirect port, and the certificate files
 * checked for changes every 100 ms; spoken to with the real curl.
 */
public final class TlsTestServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestCertificates ca;
    private final Path caFile;
    private final Issued issued;
    private final TestServer server;
    private final int redirectPort;
    private final Curl curl;

    private TlsTestServer(TestCertificates ca, Path caFile, Issued issued, TestServer server, int redirectPort) {
        this.ca = ca;
        this.caFile = caFile;
        this.issued = issued;
        this.server = server;
        this.redirectPort = redirectPort;
        this.curl = new Curl(caFile);
    }

    public static TlsTestServer start(Path dir) {
        return start(dir, settings -> settings);
    }

    public static TlsTestServer start(Path dir, UnaryOperator<Settings> customise) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates ca = TestCertificates.authority("Latchkey Test CA");
        Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        Issued issued = ca.issue(dir.resolve("tls"), "server", KeyFormat.PKCS8_EC);
        int redirectPort = freePort();
        TlsSettings tls = new TlsSettings(new TlsSource.Pem(issued.certificate(), issued.key()))
                .withRedirectPort(redirectPort).withReloadInterval(Duration.ofMillis(100));
        TestServer server = TestServer.start(Engine.H2, settings -> customise.apply(settings.withTls(tls)));
        return new TlsTestServer(ca, caFile, issued, server, redirectPort);
    }

    public TestCertificates authority() {
        return ca;
    }

    public Path caFile() {
        return caFile;
    }

    /** The certificate served at start, and its files (which a test may overwrite). */
    public Issued issued() {
        return issued;
    }

    public TestServer server() {
        return server;
    }

    public int port() {
        return server.latchkey().port();
    }

    public int redirectPort() {
        return redirectPort;
    }

    public String baseUrl() {
        return "https://localhost:" + port();
    }

    public Curl curl() {
        return curl;
    }

    /** Signs the first administrator in over HTTPS and answers the session's secret. */
    public String signInAdmin() {
        Curl.Result signedIn = curl.run("-X", "POST", "-H", "Content-Type: application/json", "--data",
                "{\"username\":\"admin\",\"password\":\"" + server.adminPassword() + "\"}", baseUrl() + "/api/v1/session");
        return json(expect(201, signedIn)).get("token").asText();
    }

    /** Creates a classic token with these scopes (a JSON array) over HTTPS and answers its secret. */
    public String token(String session, String scopesJson) {
        Curl.Result created = curl.run("-X", "POST", "-H", "Content-Type: application/json", "-H", "Authorization: token " + session,
                "--data", "{\"name\":\"t" + System.nanoTime() + "\",\"scopes\":" + scopesJson + "}", baseUrl() + "/api/v1/user/tokens");
        return json(expect(201, created)).get("token").asText();
    }

    public static Curl.Result expect(int status, Curl.Result result) {
        if (result.status() != status) {
            throw new AssertionError("expected " + status + ", got " + result.status() + ": " + result.body() + result.error());
        }
        return result;
    }

    public static JsonNode json(Curl.Result result) {
        try {
            return JSON.readTree(result.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + result.body(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
