package org.latchkey.http;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.latchkey.Refusal;
import org.latchkey.auth.AuthenticationFailed;

/**
 * {@code GET /metrics} in the Prometheus text format. Never public by accident: without a
 * configured metrics token it does not exist (404), and with one it answers only a request that
 * carries {@code Authorization: Bearer TOKEN} (compared in constant time; anything else is a 401).
 */
public final class MetricsRoute implements RouteGroup {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final byte[] expected;

    /** {@code metricsToken} null means /metrics is off. */
    public MetricsRoute(PrometheusMeterRegistry registry, String metricsToken) {
        this.registry = registry;
        this.expected = metricsToken == null ? null : ("Bearer " + metricsToken).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void register(Routes routes) {
        routes.open().get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) {
        if (expected == null || registry == null) {
            throw Refusal.notFound();
        }
        String authorization = ctx.header("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            throw AuthenticationFailed.missing();
        }
        if (!MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            throw AuthenticationFailed.badCredentials();
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
