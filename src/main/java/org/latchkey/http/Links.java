package org.latchkey.http;

import io.javalin.config.JavalinConfig;
import io.javalin.config.Key;
import io.javalin.http.Context;

/**
 * Absolute links in answers (documentation, next pages, clone and registry addresses): under the
 * configured public URL when there is one, so that a request's {@code Host} header does not choose
 * where they point (a shared cache would otherwise keep a link to a host an attacker named).
 * Without one, they follow the address the request was made to.
 */
final class Links {

    private static final Key<String> PUBLIC_URL = new Key<>("latchkey.publicUrl");

    private Links() {
    }

    /** Makes {@code publicUrl} (null or blank: none) the base of every link this server writes. */
    static void configure(JavalinConfig config, String publicUrl) {
        config.appData(PUBLIC_URL, normalised(publicUrl));
    }

    /** The public URL without a trailing slash; empty when there is none. */
    static String normalised(String publicUrl) {
        String base = publicUrl == null ? "" : publicUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The server's address, without a trailing slash. */
    static String base(Context ctx) {
        String configured = ctx.appData(PUBLIC_URL);
        return configured.isEmpty() ? ctx.scheme() + "://" + authority(ctx) : configured;
    }

    /** The {@code Host} header; over HTTP/2, which has none, the request's {@code :authority}. */
    private static String authority(Context ctx) {
        String host = ctx.host();
        if (host != null) {
            return host;
        }
        String name = ctx.req().getServerName();
        String bracketed = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
        return bracketed + ":" + ctx.req().getServerPort();
    }

    /** Sets the {@code Link} header to the next page: this path with {@code query}. */
    static void nextPage(Context ctx, String query) {
        ctx.header("Link", "<" + base(ctx) + ctx.path() + "?" + query + ">; rel=\"next\"");
    }
}
