package org.latchkey.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.latchkey.Refusal;
import org.latchkey.account.SharedCounts;
import org.latchkey.scan.ReportThrottle;
import org.latchkey.trust.ExchangeRefused;
import org.latchkey.trust.JobTokenExchange;
import org.latchkey.trust.OwnerGrant;

/**
 * The exchange of a CI job's OIDC ID token for a job token, on public routes with their own
 * throttle per client address (the gate only admits Latchkey tokens, and an ID token is none):
 * {@code POST /api/v1/oidc/token} as an RFC 8693 token exchange (a form) or JSON
 * {@code {"token","owner"?}} for the server's audience, and npm's trusted publishing,
 * {@code POST /-/npm/v1/oidc/token/exchange/package/{name}} (at the root, where npm calls it, and
 * under {@code /npm/}) with the ID token as Bearer for the audience {@code npm:HOST}, the package's
 * scope naming the owner. A refusal names the failed check and a request id ({@code request_id}).
 */
public final class ExchangeRoutes implements RouteGroup {

    static final String PATH = "/api/v1/oidc/token";
    static final String NPM_PATH = "/-/npm/v1/oidc/token/exchange/package/";
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
    /** Exchanges one address may make a minute: a runner makes a few per job; a NAT of many runners more. */
    static final int CALLS_PER_MINUTE = 60;

    record ExchangeRequest(String token, String owner) {
    }

    private final JobTokenExchange exchange;
    private final Supplier<String> audience;
    private final Supplier<String> npmAudience;
    private final ReportThrottle throttle;
    private final Clock clock;

    public ExchangeRoutes(JobTokenExchange exchange, Supplier<String> audience, Supplier<String> npmAudience, Clock clock) {
        this(exchange, audience, npmAudience, clock, SharedCounts.local(clock));
    }

    /** With the per-address throttle shared across nodes through {@code shared}. */
    public ExchangeRoutes(JobTokenExchange exchange, Supplier<String> audience, Supplier<String> npmAudience, Clock clock,
                          SharedCounts shared) {
        this.exchange = exchange;
        this.audience = audience;
        this.npmAudience = npmAudience;
        this.clock = clock;
        this.throttle = new ReportThrottle(clock, CALLS_PER_MINUTE, Duration.ofMinutes(1), "token exchanges", shared);
    }

    @Override
    public void register(Routes routes) {
        routes.open().post(PATH, this::exchange);
        for (String base : List.of("", "/npm")) {
            routes.open().post(base + NPM_PATH + "{pkg}", ctx -> npm(ctx, ctx.pathParam("pkg")));
            routes.open().post(base + NPM_PATH + "{scope}/{name}", ctx ->
                    npm(ctx, ctx.pathParam("scope") + "/" + ctx.pathParam("name")));
        }
    }

    private void exchange(Context ctx) throws Exception {
        answer(ctx, () -> {
            String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(java.util.Locale.ROOT);
            if (type.startsWith("application/x-www-form-urlencoded")) {
                Map<String, String> params = OAuthForms.params(ctx);
                String grantType = params.get("grant_type");
                if (!GRANT_TYPE.equals(grantType)) {
                    throw Refusal.badInput("unsupported_grant_type", "grant_type must be " + GRANT_TYPE + ".");
                }
                if (!JWT_TYPE.equals(params.get("subject_token_type"))) {
                    throw Refusal.badInput("invalid_request", "subject_token_type must be " + JWT_TYPE + ".");
                }
                return exchange.exchange(required(params.get("subject_token"), "subject_token"), audience.get(),
                        params.get("owner"), Api.origin(ctx));
            }
            ExchangeRequest request = JsonBody.read(ctx, ExchangeRequest.class);
            return exchange.exchange(required(request.token(), "token"), audience.get(), request.owner(),
                    Api.origin(ctx));
        }, true);
    }

    private void npm(Context ctx, String pkg) throws Exception {
        answer(ctx, () -> {
            String owner = NpmRoutes.name(pkg)[0];
            String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw Refusal.of(Refusal.Kind.UNAUTHENTICATED, "requires_authentication",
                        "Send the CI job's ID token as Authorization: Bearer.");
            }
            return exchange.exchange(header.substring(7).strip(), npmAudience.get(), owner, Api.origin(ctx));
        }, false);
    }

    private interface Exchange {
        JobTokenExchange.Exchanged run() throws Exception;
    }

    private void answer(Context ctx, Exchange run, boolean rfc8693) throws Exception {
        ctx.header("Cache-Control", "no-store");
        throttle.acquire(Api.origin(ctx).ip());
        JobTokenExchange.Exchanged exchanged;
        try {
            exchanged = run.run();
        } catch (ExchangeRefused refused) {
            refused.retryAfter().ifPresent(after -> ctx.header("Retry-After", Long.toString(after.toSeconds())));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", refused.getMessage());
            body.put("error", refused.code());
            body.put("request_id", refused.requestId());
            body.put("documentation_url", Links.base(ctx) + ApiDocs.PATH + "#" + ApiDocs.anchor(refused.code()));
            ctx.status(refused.kind().httpStatus()).json(body);
            return;
        }
        ctx.status(201).json(body(exchanged, rfc8693));
    }

    private Map<String, Object> body(JobTokenExchange.Exchanged exchanged, boolean rfc8693) {
        OwnerGrant grant = exchanged.grant();
        Instant expiresAt = exchanged.token().token().expiresAt();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", exchanged.token().secret());
        body.put("expires_at", expiresAt);
        body.put("owner", grant.ownerLogin());
        body.put("repositories", grant.repositories());
        body.put("packages", grant.packages());
        Map<String, String> permissions = new LinkedHashMap<>(grant.permissions().wire());
        permissions.remove("metadata");
        body.put("permissions", permissions);
        body.put("lifetime_minutes", grant.lifetimeMinutes());
        body.put("request_id", exchanged.requestId());
        if (rfc8693) {
            body.put("access_token", exchanged.token().secret());
            body.put("issued_token_type", ACCESS_TOKEN_TYPE);
            body.put("token_type", "Bearer");
            body.put("expires_in", Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds()));
        }
        return body;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw Refusal.badInput("invalid_request", name + " is required: the CI job's ID token.");
        }
        return value;
    }
}
