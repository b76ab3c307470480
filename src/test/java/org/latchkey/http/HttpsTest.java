package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.tls.TlsTestServer.expect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.LogCapture;
import org.latchkey.tls.Curl;
import org.latchkey.tls.TestCertificates;
import org.latchkey.tls.TlsTestServer;

/**
 * HTTPS on Jetty's own TLS, as curl sees it: the API, the web pages and the errors over HTTPS
 * with {@code Strict-Transport-Security} on each; HTTP/2 by ALPN; nothing below TLS 1.2; the
 * plain-HTTP port only redirects, to a URL no request can choose; cookies are Secure; and a
 * certificate replaced under the running server is served to the next handshake.
 */
class HttpsTest {

    private static final String HSTS = "max-age=31536000";

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private TlsTestServer tls;
    private Curl curl;

    @BeforeEach
    void start() {
        tls = TlsTestServer.start(temp);
        curl = tls.curl();
    }

    @AfterEach
    void stop() throws Exception {
        tls.close();
    }

    @Test
    void the_api_pages_and_errors_answer_over_https_each_with_hsts() {
        String token = tls.token(tls.signInAdmin(), "[\"read:user\"]");
        String base = tls.baseUrl();

        Curl.Result user = expect(200, curl.run("-H", "Authorization: token " + token, base + "/api/v1/user"));
        Curl.Result anonymous = expect(401, curl.run("--http2", base + "/api/v1/user"));
        Curl.Result anonymous11 = expect(401, curl.run("--http1.1", base + "/api/v1/user"));
        Curl.Result missing = expect(404, curl.run("-H", "Authorization: token " + token, base + "/api/v1/no/such/route"));
        Curl.Result page = expect(200, curl.run(base + "/login"));
        Curl.Result missingPage = expect(404, curl.run(base + "/settings/nope"));
        Curl.Result undecodable = expect(400, curl.run("--path-as-is", base + "/api/v1/%zz"));
        Curl.Result git = curl.run(base + "/admin/nothing.git/info/refs?service=git-upload-pack");
        Curl.Result npm = curl.run(base + "/npm/no-such-package");

        assertThat(TlsTestServer.json(user).get("login").asText()).isEqualTo("admin");
        for (Curl.Result answer : new Curl.Result[] {user, anonymous, missing, page, missingPage, undecodable, git, npm}) {
            assertThat(answer.header("Strict-Transport-Security")).as(answer.status() + " " + answer.body()).isEqualTo(HSTS);
            assertThat(answer.header("X-Content-Type-Options")).as(answer.status() + " " + answer.body()).isEqualTo("nosniff");
        }
        assertThat(anonymous.version()).isEqualTo("2");
        assertThat(TlsTestServer.json(anonymous).get("documentation_url").asText()).as("HTTP/2 has no Host header, only :authority")
                .startsWith(base + "/docs/api");
        assertThat(TlsTestServer.json(anonymous11).get("documentation_url").asText()).startsWith(base + "/docs/api");
    }

    @Test
    void the_start_line_says_https_and_names_the_certificate() {
        assertThat(logs.text()).contains("Latchkey is serving on https://127.0.0.1:" + tls.port())
                .contains("tls=https from certificate " + tls.issued().certificate())
                .contains("TLS certificate from certificate " + tls.issued().certificate() + ", key " + tls.issued().key()
                        + ": CN=server, valid until ");
    }

    @Test
    void cookies_are_secure_over_https_and_a_web_sign_in_works() throws Exception {
        Path jar = temp.resolve("cookies");
        Curl.Result form = expect(200, curl.run("-c", jar.toString(), tls.baseUrl() + "/login"));
        String csrf = form.body().replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        Curl.Result signedIn = curl.run("-b", jar.toString(), "--data-urlencode", "_csrf=" + csrf, "--data-urlencode", "login=admin",
                "--data-urlencode", "password=" + tls.server().adminPassword(), tls.baseUrl() + "/login");

        assertThat(form.header("Set-Cookie")).contains("latchkey_login_csrf=").contains("; Secure").contains("HttpOnly");
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.headers()).containsPattern("(?i)set-cookie: latchkey_session=lks_[^\\n]*; Secure");
    }

    @Test
    void http2_is_negotiated_by_alpn_http11_still_served_and_nothing_below_tls_12() {
        String url = tls.baseUrl() + "/health";

        Curl.Result http2 = expect(200, curl.run("--http2", url));
        Curl.Result http11 = expect(200, curl.run("--http1.1", url));
        Curl.Result tls12 = expect(200, curl.run("--tlsv1.2", "--tls-max", "1.2", url));
        Curl.Result tls13 = expect(200, curl.run("--tlsv1.3", url));
        // The client is made willing to speak TLS 1.1 (OpenSSL's security level 0), so the refusal is the server's.
        Curl.Result tls11 = curl.run("--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT:@SECLEVEL=0", url);
        Curl.Result tls10 = curl.run("--tlsv1.0", "--tls-max", "1.0", "--ciphers", "DEFAULT:@SECLEVEL=0", url);

        assertThat(http2.version()).isEqualTo("2");
        assertThat(http2.header("Strict-Transport-Security")).isEqualTo(HSTS);
        assertThat(http11.version()).isEqualTo("1.1");
        assertThat(tls12.body()).contains("ok");
        assertThat(tls13.body()).contains("ok");
        assertThat(tls11.exitCode()).as(tls11.error()).isEqualTo(35);
        assertThat(tls11.error()).containsIgnoringCase("protocol version");
        assertThat(tls10.exitCode()).as(tls10.error()).isEqualTo(35);
    }

    @Test
    void plain_http_on_the_redirect_port_gets_308_to_the_same_path_over_https_and_nothing_else() {
        String plain = "http://127.0.0.1:" + tls.redirectPort();

        Curl.Result api = curl.run(plain + "/api/v1/user?per_page=5&x=%2F");
        Curl.Result named = curl.run("-H", "Host: LocalHost:" + tls.redirectPort(), plain + "/login");
        Curl.Result health = curl.run(plain + "/health");
        Curl.Result followed = curl.run("-L", "-X", "POST", "-H", "Content-Type: application/json", "--data", "{}",
                plain.replace("127.0.0.1", "localhost") + "/api/v1/session");

        assertThat(api.status()).isEqualTo(308);
        assertThat(api.header("Location")).isEqualTo("https://127.0.0.1:" + tls.port() + "/api/v1/user?per_page=5&x=%2F");
        assertThat(api.header("Strict-Transport-Security")).as("HSTS means nothing over plain HTTP").isNull();
        assertThat(named.header("Location")).isEqualTo("https://localhost:" + tls.port() + "/login");
        assertThat(health.status()).isEqualTo(308);
        assertThat(health.body()).isEmpty();
        assertThat(followed.version()).isEqualTo("2");
        assertThat(followed.status()).as("308 keeps the method and body: a sign-in without credentials").isEqualTo(401);
        assertThat(followed.body()).contains("\"message\"");
        assertThat(followed.header("Strict-Transport-Security")).isEqualTo(HSTS);
    }

    @Test
    void a_host_header_that_is_not_a_host_name_or_address_is_refused_not_reflected() {
        String plain = "http://127.0.0.1:" + tls.redirectPort() + "/login";
        for (String host : new String[] {"evil.example\"><script>", "a_b.example", "-evil.example", "evil..example",
                "user@evil.example", "evil.example%2F", "[::1", "é.example", ""}) {
            Curl.Result refused = curl.run("-H", "Host: " + host, plain);
            assertThat(refused.status()).as(host).isEqualTo(400);
            assertThat(refused.header("Location")).as(host).isNull();
        }
        assertThat(curl.run("-H", "Host: [::1]:80", plain).header("Location")).isEqualTo("https://[::1]:" + tls.port() + "/login");
        assertThat(curl.run("-H", "Host: evil.example", plain).header("Location"))
                .as("a host name is a host name: the request chose it, and only it is sent back there")
                .isEqualTo("https://evil.example:" + tls.port() + "/login");
    }

    @Test
    void with_a_public_url_the_redirect_goes_there_whatever_the_host_header_says() throws Exception {
        try (TlsTestServer behindName = TlsTestServer.start(temp.resolve("public"),
                settings -> settings.withPublicUrl("https://latchkey.example.com/"))) {
            Curl.Result redirected = behindName.curl().run("-H", "Host: evil.example",
                    "http://127.0.0.1:" + behindName.redirectPort() + "/org/repo.git/info/refs?service=git-upload-pack");

            assertThat(redirected.status()).isEqualTo(308);
            assertThat(redirected.header("Location"))
                    .isEqualTo("https://latchkey.example.com/org/repo.git/info/refs?service=git-upload-pack");
        }
    }

    @Test
    void a_certificate_replaced_under_the_running_server_is_presented_to_the_next_handshake() throws Exception {
        TestCertificates.Issued renewed = tls.authority().issue(temp.resolve("renewed"), "renewed",
                TestCertificates.KeyFormat.PKCS1_RSA);
        assertThat(presented()).isEqualTo(tls.issued().served());

        Files.copy(renewed.certificate(), tls.issued().certificate(), StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(500);
        assertThat(presented()).as("a new certificate with the old key is not served").isEqualTo(tls.issued().served());
        expect(200, curl.run(tls.baseUrl() + "/health"));
        Files.copy(renewed.key(), tls.issued().key(), StandardCopyOption.REPLACE_EXISTING);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!presented().equals(renewed.served()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(presented()).isEqualTo(renewed.served());
        expect(200, curl.run(tls.baseUrl() + "/health"));
    }

    /** The certificate the server presents to a new TLS handshake. */
    private X509Certificate presented() throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.authority().trustingContext().getSocketFactory()
                .createSocket("127.0.0.1", tls.port())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
