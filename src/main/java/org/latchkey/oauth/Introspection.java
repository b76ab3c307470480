package org.latchkey.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.latchkey.Refusal;
import org.latchkey.account.LockedOut;
import org.latchkey.account.SharedCounts;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageSink;
import org.latchkey.auth.Authenticator;
import org.latchkey.auth.Principal;
import org.latchkey.auth.RateLimitStatus;
import org.latchkey.auth.RateWindow;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenType;

/**
 * RFC 7662 token introspection for confidential apps: a secret that is not exactly well-formed
 * (prefix, length, alphabet, checksum; no whitespace around it) is inactive before any lookup; a
 * well-formed one is looked up through the same {@link Authenticator} as a request carrying it
 * (unknown ones counted against the caller's address, dead ones against the token), so this is no
 * cheaper oracle than the API. Sessions and refresh tokens are never active here (a browser's and
 * an app's own secrets, no credential for a service). Each app may introspect {@code limitPerHour}
 * times per fixed hour (0: no limit), across every node; each answer about a live token is a use of that token,
 * {@code introspected by APP (CLIENT_ID)}, in its usage log.
 */
public final class Introspection {

    static final String OPERATION = "introspected by ";
    private static final long WINDOW_SECONDS = 3600;

    private final ClientAuthentication clients;
    private final Authenticator authenticator;
    private final UsageSink usage;
    private final Clock clock;
    private final int limitPerHour;
    private final SharedCounts shared;
    private final Map<Long, RateWindow> windows = new ConcurrentHashMap<>();

    public Introspection(OAuthStore store, Authenticator authenticator, UsageSink usage, Clock clock, int limitPerHour) {
        this(store, authenticator, usage, clock, limitPerHour, SharedCounts.local(clock));
    }

    /** With each app's allowance shared across nodes through {@code shared}. */
    public Introspection(OAuthStore store, Authenticator authenticator, UsageSink usage, Clock clock, int limitPerHour,
                         SharedCounts shared) {
        this.shared = shared;
        this.clients = new ClientAuthentication(store, clock);
        this.authenticator = authenticator;
        this.usage = usage;
        this.clock = clock;
        this.limitPerHour = limitPerHour;
    }

    /** What introspection found: the live token's principal, or null for an inactive one (never why). */
    public record Result(Principal principal) {
        public boolean active() {
            return principal != null;
        }
    }

    /**
     * The token's state for the app these credentials authenticate; {@code invalid_client} for a
     * public app or bad credentials, {@code invalid_request} without a token, 429 past the app's
     * allowance or while the caller's address is locked out for guessing.
     */
    public Result introspect(ClientCredentials credentials, String token, Origin origin) {
        OAuthApp app = clients.confidential(credentials);
        if (token == null || token.isEmpty()) {
            throw OAuthError.invalidRequest("token is missing.");
        }
        acquire(app);
        TokenType type = TokenFormat.parse(token);
        if (type == null || type == TokenType.SESSION || type == TokenType.OAUTH_REFRESH) {
            return new Result(null);
        }
        Principal principal;
        try {
            principal = authenticator.authenticate("Bearer " + token, origin.ip(), origin.userAgent());
        } catch (LockedOut lockedOut) {
            throw lockedOut;
        } catch (Refusal inactive) {
            return new Result(null);
        }
        usage.record(UsageEvent.route(principal.token().id(), clock.millis(),
                OPERATION + app.name() + " (" + app.clientId() + ")", null, origin.ip(), origin.userAgent(), true));
        return new Result(principal);
    }

    private void acquire(OAuthApp app) {
        if (limitPerHour == 0) {
            return;
        }
        long now = clock.millis() / 1000;
        RateLimitStatus status = windows.computeIfAbsent(app.id(), id -> new RateWindow())
                .acquire(now, WINDOW_SECONDS, limitPerHour, shared, "introspect:" + app.id());
        if (!status.allowed()) {
            throw Refusal.tryLater("rate_limited", "This app has made its " + limitPerHour
                    + " introspection requests of the hour.", "Cache active answers until exp, or wait.",
                    Duration.ofSeconds(Math.max(1, status.resetEpochSecond() - now)));
        }
    }
}
