package org.latchkey.token;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.Text;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/**
 * The life of a token: issue, rename, regenerate, rotate, revoke (also as compromised), delete. Every change is stored
 * and the hot-path cache told before the method returns, so a revoked secret stops working at once.
 */
public final class TokenService {

    public static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    private static final Set<TokenType> PERSONAL = Set.of(TokenType.CLASSIC, TokenType.FINE_GRAINED);
    private static final int MAX_NAME = 100;
    private static final int MAX_DESCRIPTION = 1000;

    private final TokenStore store;
    private final FineGrainedTokens fineGrained;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;

    public TokenService(TokenStore store, FineGrainedTokens fineGrained, TokenCache cache, AuditLog audit, Clock clock,
                        SecureRandom random) {
        this.store = store;
        this.fineGrained = fineGrained;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
    }

    public IssuedToken create(User owner, TokenSpec spec, Origin origin) {
        String name = validName(spec.name());
        String description = validDescription(spec.description());
        if (spec.scopes() == null) {
            throw InvalidField.missing("scopes");
        }
        Scopes scopes = Scopes.parse(spec.scopes());
        Instant now = now();
        Instant expiresAt = (spec.expiry() == null ? Expiry.DEFAULT : spec.expiry()).resolve(now);
        String secret = TokenFormat.generate(TokenType.CLASSIC, random);
        NewToken token = new NewToken(owner.id(), TokenType.CLASSIC, name, description, scopes, TokenHash.of(secret),
                now, expiresAt, null);
        Token stored = store.insert(token, now).orElseThrow(() -> nameTaken(name));
        audit.record(AuditAction.TOKEN_CREATED, owner.id(), owner.login(), stored.id(), origin,
                Map.of("name", name, "scopes", scopes.header()));
        return new IssuedToken(stored, secret);
    }

    /**
     * A fine-grained token: exactly the permissions asked for, on the owners and repositories named,
     * expiring within every owner's policy; grants on organisations that require approval wait for it.
     */
    public IssuedToken createFineGrained(User owner, FineGrainedSpec spec, Origin origin) {
        String name = validName(spec.name());
        String description = validDescription(spec.description());
        FineGrained grants = fineGrained.grants(owner, spec);
        Instant now = now();
        Instant expiresAt = fineGrained.expiry(owner, grants, spec.expiry(), now);
        String secret = TokenFormat.generate(TokenType.FINE_GRAINED, random);
        NewToken token = new NewToken(owner.id(), TokenType.FINE_GRAINED, name, description, Scopes.NONE,
                TokenHash.of(secret), now, expiresAt, null, grants);
        Token stored = store.insert(token, now).orElseThrow(() -> nameTaken(name));
        audit.record(AuditAction.TOKEN_CREATED, owner.id(), owner.login(), stored.id(), origin, Map.of("name", name,
                "type", "fine_grained", "permissions", grants.permissions().encode(), "owners", owners(grants)));
        for (ResourceGrant grant : grants.resources()) {
            if (grant.approval() == ResourceGrant.Approval.PENDING) {
                Map<String, String> details = Map.of("name", name, "requested_by", owner.login(), "org", grant.ownerLogin());
                audit.record(AuditAction.TOKEN_APPROVAL_REQUESTED, grant.ownerId(), owner.login(), stored.id(), origin, details);
                audit.record(AuditAction.TOKEN_APPROVAL_REQUESTED, owner.id(), owner.login(), stored.id(), origin, details);
            }
        }
        return new IssuedToken(stored, secret);
    }

    private static String owners(FineGrained grants) {
        return String.join(",", grants.resources().stream().map(ResourceGrant::ownerLogin).toList());
    }

    /** The user's personal tokens; {@code state} null for all, else "active", "suspended" or "inactive". */
    public List<Token> list(long userId, String state) {
        List<Token> tokens = store.listByUser(userId, PERSONAL);
        if (state == null || state.equals("all")) {
            return tokens;
        }
        Instant now = now();
        return switch (state) {
            case "active" -> tokens.stream().filter(t -> t.isActiveAt(now)).toList();
            case "suspended" -> tokens.stream().filter(t -> t.stateAt(now) == TokenState.SUSPENDED).toList();
            case "inactive" -> tokens.stream().filter(t -> !t.isActiveAt(now)).toList();
            default -> throw InvalidField.invalid("state", "must be active, suspended, inactive or all");
        };
    }

    public Token get(long userId, long id) {
        return store.findById(id)
                .filter(t -> t.userId() == userId && !t.isDeleted() && PERSONAL.contains(t.type()))
                .orElseThrow(() -> Refusal.noSuch("token"));
    }

    public Token update(User owner, long id, String name, String description, Origin origin) {
        get(owner.id(), id);
        String newName = name == null ? null : validName(name);
        String newDescription = description == null ? null : validDescription(description);
        Token updated = store.updateDetails(id, newName, newDescription, now()).orElseThrow(() -> nameTaken(newName));
        audit.record(AuditAction.TOKEN_UPDATED, owner.id(), owner.login(), id, origin, Map.of("name", updated.name()));
        return updated;
    }

    /**
     * A new secret for an existing token (expired ones included), optionally with new scopes and
     * expiry; without a new expiry the token keeps the length of lifetime it had.
     */
    public IssuedToken regenerate(User owner, long id, List<String> scopeNames, Expiry expiry, Origin origin) {
        Token token = get(owner.id(), id);
        if (token.revokedAt() != null) {
            throw TokenRefusals.conflict("This token was revoked; create a new token instead of regenerating it");
        }
        Instant now = now();
        if (token.isFineGrained() && scopeNames != null) {
            throw InvalidField.invalid("scopes", "a fine-grained token has permissions, not scopes; create a new token to change them");
        }
        Scopes scopes = scopeNames == null ? token.scopes() : Scopes.parse(scopeNames);
        Instant expiresAt = expiry == null ? sameLifetimeFrom(token, now) : expiry.resolve(now);
        if (token.isFineGrained()) {
            expiresAt = fineGrained.expiry(owner, token.fineGrained(), new Expiry(null, expiresAt.toString(), null), now);
        }
        String secret = TokenFormat.generate(token.type(), random);
        Token updated;
        try {
            updated = store.replaceSecret(id, TokenHash.of(secret), scopes, expiresAt);
        } catch (IllegalStateException revokedMeanwhile) {
            throw TokenRefusals.conflict("This token was revoked while it was being regenerated; create a new token instead");
        }
        cache.invalidate(token.hash());
        audit.record(AuditAction.TOKEN_REGENERATED, owner.id(), owner.login(), id, origin,
                Map.of("scopes", scopes.header()));
        return new IssuedToken(updated, secret);
    }

    /** Replaces the presenting token by a new one of the same name, scopes and lifetime length; the old one is revoked. */
    public IssuedToken rotate(User owner, Token current, Origin origin) {
        return rotate(owner, current, false, origin);
    }

    /**
     * Replaces the presenting token by a new one of the same name, scopes and lifetime length, in its
     * family. With {@code keepOld} the old token keeps working until the new one confirms the
     * rotation ({@link #confirmRotation}) or cancels it ({@link #cancelRotation}), so a caller that
     * fails to store the new secret is never left without a working token; otherwise the old one is
     * revoked at once.
     */
    public IssuedToken rotate(User owner, Token current, boolean keepOld, Origin origin) {
        Instant now = now();
        String secret = TokenFormat.generate(current.type(), random);
        NewToken replacement = new NewToken(owner.id(), current.type(), current.name(), current.description(),
                current.scopes(), TokenHash.of(secret), now, sameLifetimeFrom(current, now), current.familyId(),
                current.fineGrained());
        Token rotated;
        try {
            rotated = keepOld ? store.addToFamily(current.id(), replacement) : store.rotate(current.id(), replacement, now);
        } catch (IllegalStateException alreadyRevoked) {
            throw TokenRefusals.conflict("This token was revoked while it was being rotated");
        } finally {
            if (!keepOld) {
                cache.invalidate(current.hash());
            }
        }
        audit.record(AuditAction.TOKEN_ROTATED, owner.id(), owner.login(), rotated.id(), origin,
                Map.of("replaced_token_id", Long.toString(current.id()), "old_token", keepOld ? "kept_until_confirmed" : "revoked"));
        return new IssuedToken(rotated, secret);
    }

    /**
     * The replacement from a rotation that kept the old token confirms it is stored: every older live
     * token of its family is revoked as rotated. Returns them (none when there was nothing to confirm).
     */
    public List<Token> confirmRotation(User owner, Token replacement, Origin origin) {
        List<Token> revoked = store.revokeFamilyBefore(replacement.familyId(), replacement.id(), RevocationReason.ROTATED, now());
        revoked.forEach(token -> cache.invalidate(token.hash()));
        if (!revoked.isEmpty()) {
            audit.record(AuditAction.TOKEN_ROTATION_CONFIRMED, owner.id(), owner.login(), replacement.id(), origin,
                    Map.of("revoked_token_ids", String.join(",", revoked.stream().map(t -> Long.toString(t.id())).toList())));
        }
        return revoked;
    }

    /**
     * The replacement from a rotation that kept the old token gives up (its secret could not be
     * stored): it is revoked and the old token goes on working. Refused for a token with no older
     * live token in its family, which is no pending replacement.
     */
    public void cancelRotation(User owner, Token replacement, Origin origin) {
        Instant now = now();
        boolean pending = store.listFamily(replacement.familyId()).stream()
                .anyMatch(t -> t.id() < replacement.id() && !t.isDeleted() && t.isLiveAt(now));
        if (!pending) {
            throw TokenRefusals.conflict("This token replaces no live token: there is no rotation to cancel");
        }
        store.revoke(replacement.id(), RevocationReason.ROTATION_CANCELLED, now);
        cache.invalidate(replacement.hash());
        audit.record(AuditAction.TOKEN_ROTATION_CANCELLED, owner.id(), owner.login(), replacement.id(), origin,
                Map.of("name", replacement.name()));
    }

    /** Revokes a token; revoking one that is already revoked changes and records nothing. */
    public void revoke(User owner, long id, Origin origin) {
        Token token = get(owner.id(), id);
        if (token.revokedAt() != null) {
            return;
        }
        Token revoked = store.revoke(id, RevocationReason.REVOKED, now());
        cache.invalidate(token.hash());
        audit.record(AuditAction.TOKEN_REVOKED, owner.id(), owner.login(), id, origin,
                Map.of("name", revoked.name()));
    }

    /** What {@link #compromised} did: the token as revoked, whether this call revoked it, and its replacement if asked. */
    public record Compromised(Token token, boolean revokedNow, IssuedToken replacement) {
    }

    /**
     * The owner reports a token compromised: it is revoked at once (reason {@code compromised}; one
     * already revoked keeps its first revocation) and, when asked, replaced by a new token, in a new
     * family, with the same name, description, scopes or permissions and length of lifetime from now.
     */
    public Compromised compromised(User owner, long id, boolean replace, Origin origin) {
        Token token = get(owner.id(), id);
        Instant now = now();
        Token revoked = store.revoke(id, RevocationReason.COMPROMISED, now);
        cache.invalidate(token.hash());
        boolean revokedNow = token.revokedAt() == null && revoked.revocationReason() == RevocationReason.COMPROMISED;
        IssuedToken replacement = replace ? replacement(owner, revoked, now, origin) : null;
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("name", token.name());
        details.put("revoked_now", Boolean.toString(revokedNow));
        if (replacement != null) {
            details.put("replaced_by", Long.toString(replacement.token().id()));
        }
        audit.record(AuditAction.TOKEN_COMPROMISED, owner.id(), owner.login(), id, origin, details);
        return new Compromised(revoked, revokedNow, replacement);
    }

    private IssuedToken replacement(User owner, Token old, Instant now, Origin origin) {
        Instant expiresAt = sameLifetimeFrom(old, now);
        if (old.isFineGrained()) {
            expiresAt = fineGrained.expiry(owner, old.fineGrained(), new Expiry(null,
                    (expiresAt == null ? now.plus(Duration.ofDays(Expiry.DEFAULT_DAYS)) : expiresAt).toString(), null), now);
        }
        String secret = TokenFormat.generate(old.type(), random);
        NewToken token = new NewToken(owner.id(), old.type(), old.name(), old.description(), old.scopes(),
                TokenHash.of(secret), now, expiresAt, null, old.fineGrained());
        Token stored = store.insert(token, now).orElseThrow(() -> nameTaken(old.name()));
        audit.record(AuditAction.TOKEN_CREATED, owner.id(), owner.login(), stored.id(), origin,
                Map.of("name", stored.name(), "replaces_compromised_token_id", Long.toString(old.id())));
        return new IssuedToken(stored, secret);
    }

    /**
     * Revokes the token of a secret someone reported as leaked, if it is live, and tells its owner
     * where it was reported. A malformed secret is dropped before any lookup; an unknown, expired,
     * revoked or deleted one is ignored. The caller learns nothing either way.
     */
    public void revokeReportedLeak(CharSequence secret, String source, Origin reporter) {
        if (!TokenFormat.isWellFormed(secret)) {
            return;
        }
        Instant now = now();
        Token token = store.findByHash(TokenHash.of(secret)).orElse(null);
        if (token == null || token.isDeleted() || !token.isLiveAt(now)) {
            return;
        }
        Token revoked = store.revoke(token.id(), RevocationReason.REPORTED_LEAKED, now);
        cache.invalidate(token.hash());
        if (revoked.revocationReason() != RevocationReason.REPORTED_LEAKED || !now.equals(revoked.revokedAt())) {
            return;
        }
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("name", revoked.name());
        if (source != null) {
            details.put("source", source);
        }
        audit.record(AuditAction.TOKEN_REPORTED_LEAKED, token.userId(), null, token.id(), reporter, details);
    }

    public void delete(User owner, long id, Origin origin) {
        Token token = get(owner.id(), id);
        store.delete(id, now());
        cache.invalidate(token.hash());
        audit.record(AuditAction.TOKEN_DELETED, owner.id(), owner.login(), id, origin, Map.of("name", token.name()));
    }

    /**
     * A rotated-away secret came back: someone holds a copy. Revokes every token of its family, as
     * GitLab does, and returns how many were still live; audited when any was (a repeat that finds
     * the family already revoked writes nothing).
     */
    public int revokeFamilyOnReuse(Token presented, String ownerLogin, Origin origin) {
        List<Token> revoked = store.revokeFamily(presented.familyId(), RevocationReason.REUSE_DETECTED, now());
        revoked.forEach(token -> cache.invalidate(token.hash()));
        if (!revoked.isEmpty()) {
            audit.record(AuditAction.TOKEN_FAMILY_REVOKED, presented.userId(), ownerLogin, presented.id(), origin,
                    Map.of("family_id", Long.toString(presented.familyId()), "revoked", Integer.toString(revoked.size())));
        }
        return revoked.size();
    }

    public IssuedToken issueSession(User user) {
        Instant now = now();
        String secret = TokenFormat.generate(TokenType.SESSION, random);
        NewToken session = new NewToken(user.id(), TokenType.SESSION, "session", null, Scopes.NONE,
                TokenHash.of(secret), now, now.plus(SESSION_LIFETIME), null);
        return new IssuedToken(store.insert(session, now).orElseThrow(), secret);
    }

    public void endSession(Token session) {
        store.revoke(session.id(), RevocationReason.SIGNED_OUT, now());
        cache.invalidate(session.hash());
    }

    private static Instant sameLifetimeFrom(Token token, Instant now) {
        if (token.expiresAt() == null) {
            return null;
        }
        Duration lifetime = Duration.between(token.createdAt(), token.expiresAt());
        return now.plus(lifetime.isNegative() || lifetime.isZero() ? Duration.ofDays(Expiry.DEFAULT_DAYS) : lifetime);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidField.missing("name");
        }
        return Text.requireClean("name", name.strip(), MAX_NAME, false);
    }

    private static String validDescription(String description) {
        return Text.requireClean("description", description, MAX_DESCRIPTION, true);
    }

    private static InvalidField nameTaken(String name) {
        return InvalidField.alreadyExists("name", "you already have a live token named '" + name + "'");
    }
}
