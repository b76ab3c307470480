package org.latchkey.oauth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenCache;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/**
 * Issues an app's tokens for a grant: an {@code lko_} access token (eight hours) and an
 * {@code lkr_} refresh token (184 days, single use), both named after the app so that the usage
 * log shows it; and drops revoked ones from the token cache. Every grant type issues through here.
 */
public final class OAuthTokens {

    public static final Duration ACCESS_LIFETIME = Duration.ofHours(8);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(184);

    private final OAuthStore store;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public OAuthTokens(OAuthStore store, TokenCache cache, AuditLog audit, Clock clock, SecureRandom random) {
        this.store = store;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Issues a pair for a live grant (linked to {@code codeId}, the authorization code it comes
     * from, or null for a grant type without one, such as the device code), revoking
     * {@code usedRefreshId} (when given) as rotated in the same transaction; throws
     * {@code invalid_grant} when the grant has ended or that refresh token was used meanwhile.
     */
    public IssuedTokens issue(OAuthApp app, long userId, long grantId, Long codeId, Long usedRefreshId, Scopes scopes,
                              AuditAction action, Origin origin) {
        Instant now = now();
        String access = TokenFormat.generate(TokenType.OAUTH_ACCESS, random);
        String refresh = TokenFormat.generate(TokenType.OAUTH_REFRESH, random);
        NewToken newAccess = new NewToken(userId, TokenType.OAUTH_ACCESS, app.name(), "OAuth app " + app.clientId(),
                scopes, TokenHash.of(access), now, now.plus(ACCESS_LIFETIME), null);
        NewToken newRefresh = new NewToken(userId, TokenType.OAUTH_REFRESH, app.name(), "OAuth app " + app.clientId(),
                scopes, TokenHash.of(refresh), now, now.plus(REFRESH_LIFETIME), null);
        List<Token> stored = store.issue(grantId, codeId, usedRefreshId, newAccess, newRefresh, now)
                .orElseThrow(() -> OAuthError.invalidGrant("The authorization has ended or this refresh token was"
                        + " already used."));
        audit.record(action, userId, app.name(), stored.get(0).id(), origin, Map.of("app", app.name(),
                "client_id", app.clientId(), "scopes", String.join(",", scopes.wireNames()),
                "refresh_token_id", Long.toString(stored.get(1).id())));
        return new IssuedTokens(stored.get(0), access, stored.get(1), refresh, scopes);
    }

    /** Drops revoked tokens from the token cache. */
    public void forget(List<Token> revoked) {
        revoked.forEach(token -> cache.invalidate(token.hash()));
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
