package org.latchkey.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import org.latchkey.Refusal;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageSink;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.Principal;
import org.latchkey.auth.RateLimitStatus;
import org.latchkey.auth.RateLimited;
import org.latchkey.auth.RateLimiter;
import org.latchkey.metrics.Metrics;

/**
 * Registers authenticated API routes: every request is authenticated, rate limited and checked
 * against the route's {@link Requirement} before its handler runs, and gets GitHub's token headers.
 * Each request made with a personal access token queues one {@link UsageEvent} for the usage log.
 */
final class Api {

    /** A route handler that is given the authenticated caller. */
    @FunctionalInterface
    interface Handler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    static final String EXPOSED_HEADERS = "X-OAuth-Scopes, X-Accepted-OAuth-Scopes, Latchkey-Authentication-Token-Expiration,"
            + " X-Accepted-Latchkey-Permissions, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used,"
            + " X-RateLimit-Reset, Retry-After";

    private final RoutesConfig routes;
    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final ObjectMapper mapper;
    private final UsageSink usage;
    private final Clock clock;
    private final Metrics metrics;

    Api(RoutesConfig routes, Authenticator authenticator, RateLimiter rateLimiter, ObjectMapper mapper, UsageSink usage,
        Clock clock, Metrics metrics) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.mapper = mapper;
        this.usage = usage;
        this.clock = clock;
        this.metrics = metrics;
    }

    void get(String path, Requirement requirement, Handler handler) {
        String route = "GET " + path;
        routes.get(path, ctx -> authenticated(ctx, route, requirement, handler));
    }

    /**
     * A GET route that anyone may call: a request without an Authorization header reaches the
     * handler with a null principal (neither rate limited nor recorded); one with credentials is
     * authenticated as on any other route, so a bad, expired or revoked token is still refused.
     */
    void getPublic(String path, Handler handler) {
        String route = "GET " + path;
        Requirement requirement = Requirement.anyToken();
        routes.get(path, ctx -> {
            String authorization = ctx.header("Authorization");
            if (authorization == null || authorization.isEmpty()) {
                handler.handle(ctx, null);
            } else {
                authenticated(ctx, route, requirement, handler);
            }
        });
    }

    void post(String path, Requirement requirement, Handler handler) {
        String route = "POST " + path;
        routes.post(path, ctx -> authenticated(ctx, route, requirement, handler));
    }

    void put(String path, Requirement requirement, Handler handler) {
        String route = "PUT " + path;
        routes.put(path, ctx -> authenticated(ctx, route, requirement, handler));
    }

    void patch(String path, Requirement requirement, Handler handler) {
        String route = "PATCH " + path;
        routes.patch(path, ctx -> authenticated(ctx, route, requirement, handler));
    }

    void delete(String path, Requirement requirement, Handler handler) {
        String route = "DELETE " + path;
        routes.delete(path, ctx -> authenticated(ctx, route, requirement, handler));
    }

    private void authenticated(Context ctx, String route, Requirement requirement, Handler handler) throws Exception {
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        String ip = ctx.ip();
        String userAgent = ctx.userAgent();
        Principal principal = authenticator.authenticate(ctx.header("Authorization"), ip, userAgent);
        ctx.header("X-OAuth-Scopes", principal.token().scopes().header());
        ctx.header("X-Accepted-OAuth-Scopes", requirement.acceptedHeader());
        if (principal.expirationHeader() != null) {
            ctx.header("Latchkey-Authentication-Token-Expiration", principal.expirationHeader());
        }
        RateLimitStatus status;
        try {
            status = rateLimiter.acquire(principal);
        } catch (RateLimited e) {
            metrics.authRateLimited();
            throw e;
        }
        rateLimitHeaders(ctx, status);
        boolean refused = false;
        try {
            requirement.check(principal);
            handler.handle(ctx, principal);
        } catch (AccessDenied e) {
            refused = true;
            throw e;
        } finally {
            recordUse(principal, route, requirement, ip, userAgent, !refused);
        }
    }

    /**
     * Queues the use of a personal access token (sessions are not recorded): the route, the scopes
     * it accepts, and whether the token was refused for want of a scope or permission. Any other
     * failure (a bad field, say) still counts as an allowed use of the route.
     */
    private void recordUse(Principal principal, String route, Requirement requirement, String ip, String userAgent,
                           boolean allowed) {
        if (!principal.isSession()) {
            usage.record(UsageEvent.route(principal.token().id(), clock.millis(), route, requirement.acceptedHeader(), ip,
                    userAgent, allowed));
        }
    }

    static void rateLimitHeaders(Context ctx, RateLimitStatus status) {
        if (!status.limited()) {
            return;
        }
        ctx.header("X-RateLimit-Limit", Integer.toString(status.limit()));
        ctx.header("X-RateLimit-Remaining", Integer.toString(status.remaining()));
        ctx.header("X-RateLimit-Used", Integer.toString(status.used()));
        ctx.header("X-RateLimit-Reset", Long.toString(status.resetEpochSecond()));
    }

    /**
     * The body as the given type. The whole body is parsed before any of it is mapped, so a body
     * that is not well-formed JSON is always a 400, never a 422 about the field the parser had reached.
     * A body declared too large is refused before any of it is read (a client that asked
     * {@code Expect: 100-continue} then never sends it).
     */
    <T> T body(Context ctx, Class<T> type) throws IOException {
        refuseDeclaredTooLarge(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw badRequest("A JSON body is required");
        }
        JsonNode tree = mapper.readTree(body);
        if (!tree.isObject()) {
            throw badRequest("The body must be a JSON object");
        }
        return mapper.treeToValue(tree, type);
    }

    /** The body if there is one, else null. */
    <T> T optionalBody(Context ctx, Class<T> type) throws IOException {
        refuseDeclaredTooLarge(ctx);
        return ctx.bodyAsBytes().length == 0 ? null : body(ctx, type);
    }

    /**
     * For routes that take no body: none, or an empty JSON object. Anything else is refused as any
     * bad body is, so a malformed request, or one asking for options the route does not have, does
     * nothing rather than acting as if the body were not there.
     */
    void noBody(Context ctx) throws IOException {
        optionalBody(ctx, Empty.class);
    }

    /** The only body a route without one accepts. */
    record Empty() {
    }

    private static void refuseDeclaredTooLarge(Context ctx) {
        if (ctx.req().getContentLengthLong() > HttpServer.MAX_BODY_BYTES) {
            throw new ContentTooLargeResponse("Content Too Large");
        }
    }

    /**
     * Refuses a path with a percent sign that does not start an escape of two hex digits (such as
     * {@code %u0041}), which the path parameters' decoder cannot read.
     */
    static void refuseMalformedEscapes(Context ctx) {
        if (MALFORMED_ESCAPE.matcher(ctx.path()).find()) {
            throw badRequest("The path holds a malformed percent-escape");
        }
    }

    private static final java.util.regex.Pattern MALFORMED_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    static Origin origin(Context ctx) {
        return new Origin(ctx.ip(), ctx.userAgent());
    }

    static long idParam(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Refusal.notFound();
        }
    }

    /** A request that cannot be read at all (HTTP 400). */
    static Refusal badRequest(String reason) {
        return Refusal.badInput("bad_request", reason);
    }
}
