package org.latchkey.token;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.Refusal;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * Suspending and resuming tokens: by their owner one at a time, or by an administrator all of a
 * user's at once (breach response). A suspended token is refused until resumed; the store and the
 * hot-path cache are told before a method returns, as for a revocation, so no node accepts it after.
 * A token an administrator suspended is resumed only by an administrator.
 */
public final class TokenSuspensions {

    private static final Set<TokenType> PERSONAL = Set.of(TokenType.CLASSIC, TokenType.FINE_GRAINED);
    /** What a breach response stops: the personal tokens and the job tokens acting through the user. */
    private static final Set<TokenType> LIVE_CREDENTIALS = Set.of(TokenType.CLASSIC, TokenType.FINE_GRAINED, TokenType.JOB);

    private final TokenService tokens;
    private final TokenStore store;
    private final UserStore users;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;

    public TokenSuspensions(TokenService tokens, TokenStore store, UserStore users, TokenCache cache, AuditLog audit,
                            Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.users = users;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
    }

    /** Suspends one of the owner's tokens; suspending a suspended token changes and records nothing. */
    public Token suspend(User owner, long id, Origin origin) {
        Token token = tokens.get(owner.id(), id);
        Instant now = now();
        switch (token.stateAt(now)) {
            case REVOKED -> throw TokenRefusals.conflict("This token was revoked; there is nothing to suspend");
            case EXPIRED -> throw TokenRefusals.conflict("This token expired; there is nothing to suspend");
            case SUSPENDED -> {
                return token;
            }
            default -> { }
        }
        Token suspended = store.suspend(id, new Suspension(now, owner.login()));
        cache.invalidate(token.hash());
        audit.record(AuditAction.TOKEN_SUSPENDED, owner.id(), owner.login(), id, origin, Map.of("name", token.name()));
        return suspended;
    }

    /** Resumes one of the owner's tokens; resuming one that is not suspended changes and records nothing. */
    public Token resume(User owner, long id, Origin origin) {
        Token token = tokens.get(owner.id(), id);
        if (!token.isSuspended()) {
            return token;
        }
        if (!token.suspension().by().equals(owner.login()) && !owner.admin()) {
            throw TokenRefusals.suspendedByAdministrator(token.suspension(), owner.login());
        }
        Token resumed = store.resume(id);
        cache.invalidate(token.hash());
        audit.record(AuditAction.TOKEN_RESUMED, owner.id(), owner.login(), id, origin, Map.of("name", token.name()));
        return resumed;
    }

    /** Breach response: suspends every live personal and job token of the user with that login; returns them. */
    public List<Token> suspendAllOf(User admin, String login, Origin origin) {
        User user = users.findByLogin(login).orElseThrow(() -> Refusal.noSuch("user"));
        Instant now = now();
        List<Token> suspended = store.suspendAll(user.id(), LIVE_CREDENTIALS, new Suspension(now, admin.login()), now);
        suspended.forEach(token -> cache.invalidate(token.hash()));
        for (Token token : suspended) {
            audit.record(AuditAction.TOKEN_SUSPENDED, user.id(), admin.login(), token.id(), origin,
                    Map.of("name", token.name(), "by_admin", "true"));
        }
        Map<String, String> details = Map.of("login", user.login(), "suspended", Integer.toString(suspended.size()));
        audit.record(AuditAction.TOKENS_SUSPENDED_BY_ADMIN, user.id(), admin.login(), null, origin, details);
        if (admin.id() != user.id()) {
            audit.record(AuditAction.TOKENS_SUSPENDED_BY_ADMIN, admin.id(), admin.login(), null, origin, details);
        }
        return suspended;
    }

    /** Resumes every suspended token of the user with that login, whoever suspended it; returns them. */
    public List<Token> resumeAllOf(User admin, String login, Origin origin) {
        User user = users.findByLogin(login).orElseThrow(() -> Refusal.noSuch("user"));
        List<Token> resumed = store.resumeAll(user.id());
        resumed.forEach(token -> cache.invalidate(token.hash()));
        for (Token token : resumed) {
            audit.record(AuditAction.TOKEN_RESUMED, user.id(), admin.login(), token.id(), origin,
                    Map.of("name", token.name(), "by_admin", "true"));
        }
        Map<String, String> details = Map.of("login", user.login(), "resumed", Integer.toString(resumed.size()));
        audit.record(AuditAction.TOKENS_RESUMED_BY_ADMIN, user.id(), admin.login(), null, origin, details);
        if (admin.id() != user.id()) {
            audit.record(AuditAction.TOKENS_RESUMED_BY_ADMIN, admin.id(), admin.login(), null, origin, details);
        }
        return resumed;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
