package org.latchkey.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.gate.Gate;
import org.latchkey.metrics.Metrics;
import org.latchkey.tls.TlsSettings;

/**
 * The HTTP front door: configures Jetty and Javalin, and mounts the route groups and front filters
 * (the git endpoint) it is given; what answers which path is the groups' business.
 */
public final class HttpServer implements AutoCloseable {

    static final long MAX_BODY_BYTES = 64 * 1024;

    /**
     * How the server faces the network: its public URL, the proxies it trusts, its malformed-request
     * count and metrics, and HTTPS (null: plain HTTP).
     */
    public record Options(String publicUrl, List<String> trustedProxies, MalformedRequests malformed, Metrics metrics,
                          TlsSettings tls) {
        public Options(String publicUrl, List<String> trustedProxies, MalformedRequests malformed, Metrics metrics) {
            this(publicUrl, trustedProxies, malformed, metrics, null);
        }
    }

    private final Javalin javalin;
    private final Https https;

    private HttpServer(Javalin javalin, Https https) {
        this.javalin = javalin;
        this.https = https;
    }

    /**
     * Starts the server with the groups' routes, registered in the order given; {@code frontFilters}
     * see every request before the routes do (the git endpoint).
     */
    public static HttpServer start(String bind, int port, Options options, Gate gate, List<RouteGroup> groups,
                                   List<Filter> frontFilters) {
        ObjectMapper mapper = Json.mapper();
        List<Filter> filters = new ArrayList<>();
        filters.add(new StatusCounter(options.metrics()));
        filters.addAll(frontFilters);
        Https https = options.tls() == null ? null : new Https(options.tls());
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            Links.configure(config, options.publicUrl());
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.jetty.modifyServer(server -> server.setErrorHandler(
                    new JettyErrorHandler(mapper, options.publicUrl(), options.malformed())));
            // Jetty reuses the header lines a connection sent before and by default matches them
            // ignoring case, which would read a secret differing only in the case of a letter as
            // the one sent earlier on that connection (by the same client, or by a proxy's pool).
            config.jetty.modifyHttpConfiguration(http -> {
                http.setHeaderCacheCaseSensitive(true);
                http.addCustomizer(new DefaultResponseHeaders());
                if (!options.trustedProxies().isEmpty()) {
                    http.addCustomizer(new TrustedProxies(options.trustedProxies()));
                }
            });
            config.routes.before(Api::refuseMalformedEscapes);
            Routes routes = new Routes(new Api(config.routes, gate), config.routes);
            groups.forEach(group -> group.register(routes));
            config.jetty.modifyServletContextHandler(handler -> filters.forEach(filter ->
                    handler.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST))));
            ErrorMapper.register(config.routes, options.malformed(), routes.pageNotFound());
            if (https != null) {
                https.configure(config.jetty, bind, port, options.publicUrl());
            }
        });
        try {
            javalin.start(bind, port);
        } catch (RuntimeException e) {
            if (https != null) {
                https.close();
            }
            throw e;
        }
        if (https != null) {
            https.watch();
        }
        return new HttpServer(javalin, https);
    }

    /** Refuses a trusted proxy that is not an IP address or CIDR block (IllegalArgumentException). */
    public static void checkTrustedProxy(String addressOrBlock) {
        TrustedProxies.check(addressOrBlock);
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        if (https != null) {
            https.close();
        }
    }
}
