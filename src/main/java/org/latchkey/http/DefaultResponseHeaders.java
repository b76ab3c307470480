package org.latchkey.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Headers every answer starts with, whichever part of the server writes it (API, web pages, git,
 * npm, errors): {@code X-Content-Type-Options: nosniff}, and {@code Cache-Control: no-store}, so
 * that no answer (many carry a secret: a new token, a session, recovery codes, a hook secret) is
 * kept by a browser or a proxy unless its route says otherwise (static files, git's own headers).
 */
final class DefaultResponseHeaders implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        responseHeaders.put("X-Content-Type-Options", "nosniff");
        responseHeaders.put("Cache-Control", "no-store");
        return request;
    }
}
