package org.latchkey.http;

import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the plain-HTTP redirect port answers, to every request: 308 to the same path and query
 * over HTTPS, nothing else (no API, no git, no page over plain HTTP). The target is the public
 * URL's origin when one is configured; else the request's host name, accepted only as a DNS
 * name or an IP address (anything else is 400, so no text of the request's choosing lands in
 * {@code Location}), with the HTTPS port. Requests on every other connector pass through.
 */
final class HttpsRedirect extends Handler.Wrapper {

    static final String CONNECTOR = "latchkey-http-redirect";

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("\\[?([0-9a-f]{0,4}:){2,7}[0-9a-f.]{0,15}]?");

    private final String origin;
    private final IntSupplier httpsPort;

    HttpsRedirect(String origin, IntSupplier httpsPort) {
        this.origin = origin;
        this.httpsPort = httpsPort;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!CONNECTOR.equals(request.getConnectionMetaData().getConnector().getName())) {
            return super.handle(request, response, callback);
        }
        String target = origin != null ? origin : fromHost(request);
        if (target == null) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return true;
        }
        HttpURI uri = request.getHttpURI();
        String path = uri.getPath() == null || !uri.getPath().startsWith("/") ? "/" : uri.getPath();
        response.setStatus(HttpStatus.PERMANENT_REDIRECT_308);
        response.getHeaders().put(HttpHeader.LOCATION, target + path + (uri.getQuery() == null ? "" : "?" + uri.getQuery()));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, null, callback);
        return true;
    }

    /** {@code https://host[:port]} from the request's host when it is a DNS name or an IP address; else null. */
    private String fromHost(Request request) {
        String host = Request.getServerName(request);
        if (host == null) {
            return null;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (IPV6.matcher(host).matches() && host.contains(":")) {
            host = host.startsWith("[") ? host : "[" + host + "]";
            if (!host.endsWith("]") || host.indexOf(']') != host.length() - 1) {
                return null;
            }
        } else if (!HOSTNAME.matcher(host).matches()) {
            return null;
        }
        int port = httpsPort.getAsInt();
        return "https://" + host + (port == 443 ? "" : ":" + port);
    }
}
