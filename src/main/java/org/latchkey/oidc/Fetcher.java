package org.latchkey.oidc;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * nimbus's retriever for issuers' discovery documents and key sets, with short timeouts and a size
 * limit, that follows no redirect (a redirect could take the keys to another host) and reads no
 * {@code file:} URL.
 */
final class Fetcher extends DefaultResourceRetriever {

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int READ_TIMEOUT_MILLIS = 3_000;
    static final int SIZE_LIMIT_BYTES = 64 * 1024;

    Fetcher() {
        super(CONNECT_TIMEOUT_MILLIS, READ_TIMEOUT_MILLIS, SIZE_LIMIT_BYTES);
    }

    @Override
    protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openHTTPConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }

    @Override
    protected java.net.URLConnection openFileConnection(URL url) throws IOException {
        throw new IOException("only http and https URLs are read");
    }
}
