package org.latchkey.http;

import java.net.URI;
import io.javalin.config.JettyConfig;
import java.security.KeyStore;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.latchkey.tls.CertificateReload;
import org.latchkey.tls.TlsSettings;
import org.latchkey.tls.TlsSource;

/**
 * HTTPS with Jetty's own TLS: one connector on the server's port that speaks TLS 1.2 and 1.3 only,
 * HTTP/2 or HTTP/1.1 as the client chooses by ALPN, and sends {@code Strict-Transport-Security}
 * with every answer; the certificate is swapped in place when its files change. With a redirect
 * port, a second, plain-HTTP connector answers every request there with 308 to the same path
 * over HTTPS ({@link HttpsRedirect}) and serves nothing else.
 */
final class Https implements AutoCloseable {

    /** One year, as browsers' preload lists ask; without includeSubDomains, which is the domain owner's call. */
    static final long HSTS_MAX_AGE_SECONDS = 31_536_000;
    static final String HSTS = "max-age=" + HSTS_MAX_AGE_SECONDS;

    private final TlsSettings settings;
    private final CertificateReload reload;
    private final SslContextFactory.Server tls;
    private volatile ServerConnector httpsConnector;

    Https(TlsSettings settings) {
        this.settings = settings;
        this.reload = new CertificateReload(settings.source());
        this.tls = new SslContextFactory.Server();
        tls.setKeyStore(reload.first());
        tls.setKeyStorePassword(TlsSource.KEY_PASSWORD);
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        tls.setUseCipherSuitesOrder(true);
        reload.onChange(this::serve);
    }

    /** Makes Javalin's Jetty listen with HTTPS on {@code bind:port}, and on the redirect port if there is one. */
    void configure(JettyConfig jetty, String bind, int port, String publicUrl) {
        jetty.addConnector((server, http) -> connector(server, http, bind, port));
        if (settings.redirectPort() != 0) {
            jetty.addConnector((server, http) -> redirectConnector(server, http, bind));
            String origin = publicUrl == null || publicUrl.isBlank() ? null : origin(publicUrl);
            jetty.modifyServer(server -> server.setHandler(new HttpsRedirect(origin, () -> httpsConnector.getLocalPort())));
        }
    }

    /** The HTTPS connector on {@code bind:port}, answering with {@code http}'s configuration. */
    private ServerConnector connector(Server server, HttpConfiguration http, String bind, int port) {
        http.setSecureScheme("https");
        // No SNI host check: whether the certificate names the host is the client's to check, as git, curl and npm do.
        http.addCustomizer(new SecureRequestCustomizer(false, false, HSTS_MAX_AGE_SECONDS, false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http11.getProtocol());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                http2, http11);
        connector.setHost(bind);
        connector.setPort(port);
        httpsConnector = connector;
        return connector;
    }

    /**
     * The plain-HTTP connector that only redirects, with a configuration of its own: the same
     * limits and default headers, no HSTS (a browser ignores it over HTTP).
     */
    private ServerConnector redirectConnector(Server server, HttpConfiguration served, String bind) {
        HttpConfiguration http = new HttpConfiguration();
        http.setHeaderCacheCaseSensitive(true);
        http.setRequestHeaderSize(served.getRequestHeaderSize());
        http.setSendServerVersion(false);
        http.addCustomizer(new DefaultResponseHeaders());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setName(HttpsRedirect.CONNECTOR);
        connector.setHost(bind);
        connector.setPort(settings.redirectPort());
        return connector;
    }

    private static String origin(String publicUrl) {
        URI uri = URI.create(publicUrl.strip());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** Whether the request came over a TLS connection (not merely said to by a proxy). */
    static boolean overTls(Request request) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        return endPoint != null && endPoint.getSslSessionData() != null;
    }

    /** Starts watching the certificate files. */
    void watch() {
        reload.watch(settings.reloadInterval());
    }

    private void serve(KeyStore keyStore) {
        try {
            tls.reload(factory -> factory.setKeyStore(keyStore));
        } catch (Exception e) {
            throw new IllegalStateException("Jetty refused the new certificate: " + e.getClass().getName());
        }
    }

    @Override
    public void close() {
        reload.close();
    }
}
