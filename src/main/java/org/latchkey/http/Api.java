package org.latchkey.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.latchkey.Refusal;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Requirement;
import org.latchkey.auth.AccessDenied;
import org.latchkey.auth.Principal;
import org.latchkey.auth.RateLimitStatus;
import org.latchkey.gate.Entry;
import org.latchkey.gate.Gate;
import org.latchkey.gate.Passage;

/**
 * Registers authenticated API routes: every request passes the {@link Gate} (authenticated, rate
 * limited and checked against the route's {@link Requirement}) before its handler runs, gets
 * GitHub's token headers, and is recorded once in the usage log when it leaves.
 */
final class Api {

    /** A route handler that is given the authenticated caller. */
    @FunctionalInterface
    interface Handler {
        void handle(Context ctx, Principal principal) throws Exception;
    }

    /**
     * A route handler given the caller's passage through the gate (null for an anonymous call of a
     * public route), for a protocol whose handler names the request's use itself, as npm's does.
     */
    @FunctionalInterface
    interface PassageHandler {
        void handle(Context ctx, Passage passage) throws Exception;
    }

    static final String EXPOSED_HEADERS = "X-OAuth-Scopes, X-Accepted-OAuth-Scopes, Latchkey-Authentication-Token-Expiration,"
            + " X-Accepted-Latchkey-Permissions, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used,"
            + " X-RateLimit-Reset, Retry-After";

    /** GitHub's headers about the token and its rate limit, sent as the gate passes each step. */
    private static final Gate.Steps<Context> HEADERS = new Gate.Steps<>() {
        @Override
        public void authenticated(Context ctx, Principal principal, Entry entry) {
            ctx.header("X-OAuth-Scopes", principal.token().scopes().header());
            ctx.header("X-Accepted-OAuth-Scopes", entry.requirement().acceptedHeader());
            if (principal.expirationHeader() != null) {
                ctx.header("Latchkey-Authentication-Token-Expiration", principal.expirationHeader());
            }
        }

        @Override
        public void counted(Context ctx, RateLimitStatus status) {
            rateLimitHeaders(ctx, status);
        }
    };

    private final RoutesConfig routes;
    private final Gate gate;

    Api(RoutesConfig routes, Gate gate) {
        this.routes = routes;
        this.gate = gate;
    }

    /** The gate, for a route that adapts its answer further than a handler can (the proxies' auth check). */
    Gate gate() {
        return gate;
    }

    void get(String path, Requirement requirement, Handler handler) {
        Entry entry = Entry.route("GET " + path, requirement);
        routes.get(path, ctx -> authenticated(ctx, entry, handler));
    }

    /**
     * A GET route that anyone may call: a request without an Authorization header reaches the
     * handler with a null principal (neither rate limited nor recorded); one with credentials is
     * authenticated as on any other route, so a bad, expired or revoked token is still refused.
     */
    void getPublic(String path, Handler handler) {
        Entry entry = Entry.route("GET " + path, Requirement.anyToken());
        routes.get(path, ctx -> {
            if (anonymous(ctx)) {
                handler.handle(ctx, null);
            } else {
                authenticated(ctx, entry, handler);
            }
        });
    }

    void post(String path, Requirement requirement, Handler handler) {
        Entry entry = Entry.route("POST " + path, requirement);
        routes.post(path, ctx -> authenticated(ctx, entry, handler));
    }

    void put(String path, Requirement requirement, Handler handler) {
        Entry entry = Entry.route("PUT " + path, requirement);
        routes.put(path, ctx -> authenticated(ctx, entry, handler));
    }

    void patch(String path, Requirement requirement, Handler handler) {
        Entry entry = Entry.route("PATCH " + path, requirement);
        routes.patch(path, ctx -> authenticated(ctx, entry, handler));
    }

    void delete(String path, Requirement requirement, Handler handler) {
        Entry entry = Entry.route("DELETE " + path, requirement);
        routes.delete(path, ctx -> authenticated(ctx, entry, handler));
    }

    /** A route whose handler is given its passage, to record the request's use through it. */
    void passage(HandlerType method, String path, Requirement requirement, PassageHandler handler) {
        Entry entry = Entry.route(method.name() + " " + path, requirement);
        routes.addHttpHandler(method, path, ctx -> passing(ctx, entry, handler));
    }

    /** {@link #getPublic} for a handler given its passage (null when the caller is anonymous). */
    void passagePublic(String path, PassageHandler handler) {
        Entry entry = Entry.route("GET " + path, Requirement.anyToken());
        routes.get(path, ctx -> {
            if (anonymous(ctx)) {
                handler.handle(ctx, null);
            } else {
                passing(ctx, entry, handler);
            }
        });
    }

    private static boolean anonymous(Context ctx) {
        String authorization = ctx.header("Authorization");
        return authorization == null || authorization.isEmpty();
    }

    /**
     * Passes the gate, runs the handler and records the use: one refused for want of a scope or
     * permission is recorded as denied, and any other failure (a bad field, say) still counts as
     * an allowed use of the route.
     */
    private void authenticated(Context ctx, Entry entry, Handler handler) throws Exception {
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        String ip = ctx.ip();
        String userAgent = ctx.userAgent();
        Principal principal = gate.admit(entry, ctx.header("Authorization"), ip, userAgent, ctx, HEADERS);
        boolean refused = false;
        try {
            handler.handle(ctx, principal);
        } catch (AccessDenied e) {
            refused = true;
            throw e;
        } finally {
            gate.leave(entry, principal, ip, userAgent, !refused);
        }
    }

    /** {@link #authenticated} for a handler that records the request's use through its passage. */
    private void passing(Context ctx, Entry entry, PassageHandler handler) throws Exception {
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        Passage passage = gate.enter(entry, ctx.header("Authorization"), ctx.ip(), ctx.userAgent(), ctx, HEADERS);
        boolean refused = false;
        try {
            handler.handle(ctx, passage);
        } catch (AccessDenied e) {
            refused = true;
            throw e;
        } finally {
            passage.leave(!refused);
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
