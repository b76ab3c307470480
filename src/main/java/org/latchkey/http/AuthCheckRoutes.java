package org.latchkey.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.Refusal;
import org.latchkey.SecretShape;
import org.latchkey.Text;
import org.latchkey.account.LockedOut;
import org.latchkey.audit.UsageEvent;
import org.latchkey.auth.Principal;
import org.latchkey.auth.RateLimitStatus;
import org.latchkey.auth.RateLimited;
import org.latchkey.auth.RequiredAccess;
import org.latchkey.auth.Requirement;
import org.latchkey.gate.Entry;
import org.latchkey.gate.Gate;
import org.latchkey.gate.Passage;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Scope;

/**
 * {@code GET /api/v1/auth/check} (and {@code HEAD}), for nginx's {@code auth_request} and other
 * reverse proxies: the caller's Authorization header, through the gate like any API request, and
 * what the proxy requires ({@code X-Latchkey-Required-Scope}, {@code X-Latchkey-Required-Permission},
 * every one listed required) give {@code 204} naming the user and token, {@code 401} or {@code 403}.
 * A proxy turns any other status into its own error, so a refusal for now is answered {@code 403}
 * (rate limit, lockout: git keeps a good credential) or {@code 401} (a dead secret presented too often). Each check is the
 * token's use {@code auth check}, with the original request's method and path when the proxy sends
 * them (query dropped, anything that may be a secret redacted).
 */
public final class AuthCheckRoutes implements RouteGroup {

    static final String PATH = "/api/v1/auth/check";
    static final String REQUIRED_SCOPE = "X-Latchkey-Required-Scope";
    static final String REQUIRED_PERMISSION = "X-Latchkey-Required-Permission";
    static final int MAX_RECORDED_PATH = 200;

    private static final String OPERATION = "auth check";
    private static final Entry ENTRY = Entry.route(OPERATION, Requirement.anyToken());
    private static final Gate.Steps<Context> RATE_HEADERS = new Gate.Steps<>() {
        @Override
        public void counted(Context ctx, RateLimitStatus status) {
            Api.rateLimitHeaders(ctx, status);
        }
    };

    private final Clock clock;

    public AuthCheckRoutes(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        Gate gate = routes.api().gate();
        routes.open().addHttpHandler(HandlerType.GET, PATH, ctx -> check(ctx, gate));
        routes.open().addHttpHandler(HandlerType.HEAD, PATH, ctx -> check(ctx, gate));
    }

    private void check(Context ctx, Gate gate) {
        RequiredAccess required = RequiredAccess.of(scopes(headers(ctx, REQUIRED_SCOPE)),
                permissions(headers(ctx, REQUIRED_PERMISSION)));
        String ip = ctx.ip();
        String userAgent = ctx.userAgent();
        Passage passage = enter(ctx, gate, ip, userAgent);
        Principal principal = passage.principal();
        boolean allowed = false;
        try {
            required.check(principal);
            allowed = true;
        } finally {
            if (!principal.isSession()) {
                TokenTraits token = principal.token();
                passage.record(UsageEvent.route(token.id(), clock.millis(),
                        operation(ctx.header("X-Original-Method"), ctx.header("X-Original-URI")),
                        token.isFineGrained() ? null : required.acceptedHeader(), ip, userAgent, allowed));
            }
            passage.leave(allowed);
        }
        TokenTraits token = principal.token();
        ctx.header("X-Latchkey-User", principal.user().login());
        ctx.header("X-Latchkey-User-Id", Long.toString(principal.user().id()));
        ctx.header("X-Latchkey-Token-Id", Long.toString(token.id()));
        ctx.header("X-Latchkey-Token-Type", token.type().wireName());
        ctx.header("X-Latchkey-Scopes", token.scopes().header());
        if (token.isFineGrained()) {
            ctx.header("X-Latchkey-Permissions", token.fineGrained().permissions().encode());
        }
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    /**
     * The gate, with a refusal for now answered as a proxy can pass it on instead of 429, which it
     * would turn into its own 500: a dead secret presented too often is still dead (401, so git
     * drops it), a rate limit or a lockout is 403 (so git keeps a good credential).
     */
    private static Passage enter(Context ctx, Gate gate, String ip, String userAgent) {
        try {
            return gate.enter(ENTRY, ctx.header("Authorization"), ip, userAgent, ctx, RATE_HEADERS);
        } catch (Refusal refusal) {
            if (refusal.kind() != Refusal.Kind.RATE_LIMITED) {
                throw refusal;
            }
            if (refusal instanceof RateLimited limited) {
                Api.rateLimitHeaders(ctx, limited.status());
                throw new ForNow(Refusal.Kind.FORBIDDEN, refusal);
            }
            throw new ForNow(refusal instanceof LockedOut ? Refusal.Kind.FORBIDDEN : Refusal.Kind.UNAUTHENTICATED, refusal);
        }
    }

    /** A refusal for now as a proxy can pass it on, with its code, reason and Retry-After. */
    private static final class ForNow extends Refusal {
        ForNow(Kind kind, Refusal refusal) {
            super(kind, refusal.code(), refusal.reason(), refusal.fix().orElse(null), refusal.retryAfter().orElse(null));
        }
    }

    private static List<String> headers(Context ctx, String name) {
        return Collections.list(ctx.req().getHeaders(name));
    }

    /** Every scope of every value (comma-separated); 400 for one that is not a scope, as a misconfigured proxy sends. */
    static Set<Scope> scopes(List<String> values) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : items(values, REQUIRED_SCOPE)) {
            scopes.add(Scope.fromWireName(name).orElseThrow(() -> badRequirement(REQUIRED_SCOPE,
                    Text.quoted(name, "a value") + " is not a scope")));
        }
        return scopes;
    }

    /** {@code contents:read} or {@code contents=read}, comma-separated; the highest level asked of a permission counts. */
    static Map<Permission, Level> permissions(List<String> values) {
        Map<Permission, Level> permissions = new EnumMap<>(Permission.class);
        for (String item : items(values, REQUIRED_PERMISSION)) {
            String[] parts = item.toLowerCase(Locale.ROOT).split("[:=]", 2);
            Permission permission = Permission.fromWireName(parts[0].strip()).orElse(null);
            Level level = parts.length < 2 ? null : Level.fromWireName(parts[1].strip()).orElse(null);
            if (permission == null || level == null || !permission.levels().contains(level)) {
                throw badRequirement(REQUIRED_PERMISSION, Text.quoted(item, "a value")
                        + " is not a permission and level such as contents:read");
            }
            permissions.merge(permission, level, (a, b) -> a.covers(b) ? a : b);
        }
        return permissions;
    }

    private static List<String> items(List<String> values, String header) {
        List<String> items = new ArrayList<>();
        for (String value : values) {
            if (value.isBlank()) {
                continue;
            }
            for (String item : value.split(",", -1)) {
                if (item.isBlank()) {
                    throw badRequirement(header, "an entry is empty");
                }
                items.add(item.strip());
            }
        }
        return items;
    }

    private static Refusal badRequirement(String header, String problem) {
        return Refusal.badInput("invalid_requirement", header + " cannot be read: " + problem
                + ". It is set by the proxy's configuration: fix it there.");
    }

    /**
     * The usage log's name for a check: {@code auth check}, then the original request's method and
     * path when the proxy sends them; the query and fragment are dropped, a path segment that may
     * hold a secret (however percent-encoded) is {@code [redacted]}, odd characters are {@code ?},
     * and the path is cut at {@value #MAX_RECORDED_PATH} characters.
     */
    static String operation(String method, String uri) {
        if (uri == null || uri.isBlank()) {
            return OPERATION;
        }
        StringBuilder recorded = new StringBuilder(OPERATION).append(' ');
        if (method != null && method.matches("[A-Z]{1,16}")) {
            recorded.append(method).append(' ');
        }
        int end = uri.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = uri.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        List<String> segments = new ArrayList<>();
        for (String segment : uri.substring(0, end).split("/", -1)) {
            segments.add(mayBeSecret(segment) ? "[redacted]" : printable(segment));
        }
        String path = String.join("/", segments);
        String shown = path.length() > MAX_RECORDED_PATH ? path.substring(0, MAX_RECORDED_PATH) + "…" : path;
        return recorded.append(shown.isEmpty() ? "/" : shown).toString();
    }

    /** A token prefix with its underscore, or a run of 30 letters and digits (a secret's random part), once fully decoded. */
    private static boolean mayBeSecret(String segment) {
        String decoded = segment;
        for (int round = 0; round < 5; round++) {
            String next = percentDecoded(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        return SecretShape.mayHoldSecret(decoded) || LONG_RUN.matcher(decoded).find();
    }

    private static final Pattern LONG_RUN = Pattern.compile("[0-9A-Za-z]{30}");

    private static String percentDecoded(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                out.append((char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2))));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String printable(String segment) {
        StringBuilder out = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            out.append(c > 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
