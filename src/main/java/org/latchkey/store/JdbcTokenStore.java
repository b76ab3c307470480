package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.latchkey.audit.TokenUse;
import org.latchkey.token.FineGrained;
import org.latchkey.token.NewToken;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Suspension;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;
import org.latchkey.token.TokenType;

/**
 * Tokens in the {@code tokens} table. Writes that depend on a user's live token names lock that
 * user's row first ({@code SELECT ... FOR UPDATE}), so they run one at a time per user on every node.
 * Writes that change whether or how a secret authenticates send a {@link TokenChangeNotice} for
 * the hash as it was under the row lock, so a concurrent change cannot slip a hash past it.
 */
final class JdbcTokenStore implements TokenStore {

    private static final String LIVE_NAME = "SELECT id FROM tokens WHERE user_id = ? AND name = ? AND id <> ?"
            + " AND type <> 'SESSION' AND revoked_at IS NULL AND deleted_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > ?)";
    private static final String REVOKE = "UPDATE tokens SET revoked_at = ?, revocation_reason = ?"
            + " WHERE id = ? AND revoked_at IS NULL";
    private static final String SUSPEND = "UPDATE tokens SET suspended_at = ?, suspended_by = ?"
            + " WHERE id = ? AND revoked_at IS NULL AND suspended_at IS NULL";
    private static final String RESUME = "UPDATE tokens SET suspended_at = NULL, suspended_by = NULL"
            + " WHERE id = ? AND suspended_at IS NOT NULL";

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcTokenStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public Optional<Token> insert(NewToken token, Instant now) {
        return transactions.inTransaction("tokens.insert", connection -> {
            if (token.type() != TokenType.SESSION && token.type() != TokenType.JOB) {
                lockUser(connection, token.userId());
                if (nameTaken(connection, token.userId(), token.name(), 0, now)) {
                    return Optional.empty();
                }
            }
            return TokenRows.byId(connection, insertRow(connection, token, token.familyId()));
        });
    }

    @Override
    public Optional<Token> findByHash(TokenHash hash) {
        return transactions.read("tokens.findByHash", connection ->
                TokenRows.first(TokenRows.list(connection, "WHERE hash = ?", hash.bytes())));
    }

    @Override
    public Optional<Token> findById(long id) {
        return transactions.read("tokens.findById", connection -> TokenRows.byId(connection, id));
    }

    @Override
    public List<Token> listByUser(long userId, Collection<TokenType> types) {
        if (types.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(userId);
        params.addAll(types);
        String marks = types.stream().map(type -> "?").collect(Collectors.joining(", "));
        return transactions.read("tokens.listByUser", connection -> TokenRows.list(connection,
                "WHERE user_id = ? AND type IN (" + marks + ") AND deleted_at IS NULL ORDER BY created_at DESC, id DESC",
                params.toArray()));
    }

    @Override
    public List<Token> listExpiringBetween(Instant after, Instant until) {
        return transactions.read("tokens.listExpiringBetween", connection -> TokenRows.list(connection,
                "WHERE expires_at > ? AND expires_at <= ? AND type IN ('CLASSIC', 'FINE_GRAINED') AND revoked_at IS NULL"
                        + " AND deleted_at IS NULL ORDER BY expires_at, id", after, until));
    }

    @Override
    public Optional<Token> updateDetails(long id, String name, String description, Instant now) {
        return transactions.inTransaction("tokens.updateDetails", connection -> {
            Token current = TokenRows.byId(connection, id).orElseThrow(() -> noToken(id));
            if (name != null && current.type() != TokenType.SESSION) {
                lockUser(connection, current.userId());
                if (nameTaken(connection, current.userId(), name, id, now)) {
                    return Optional.empty();
                }
            }
            if (name != null) {
                Sql.update(connection, "UPDATE tokens SET name = ? WHERE id = ?", name, id);
            }
            if (description != null) {
                Sql.update(connection, "UPDATE tokens SET description = ? WHERE id = ?", description, id);
            }
            return TokenRows.byId(connection, id);
        });
    }

    @Override
    public Token replaceSecret(long id, TokenHash hash, Scopes scopes, Instant expiresAt) {
        return transactions.inTransaction("tokens.replaceSecret", connection -> {
            TokenHash replaced = lockedHash(connection, id);
            int updated = Sql.update(connection, "UPDATE tokens SET hash = ?, scopes = ?, expires_at = ?"
                    + " WHERE id = ? AND revoked_at IS NULL", hash.bytes(), TokenRows.scopes(scopes), expiresAt, id);
            Token token = TokenRows.byId(connection, id).orElseThrow(() -> noToken(id));
            if (updated == 0) {
                throw new IllegalStateException("token " + id + " is revoked; its secret cannot be replaced");
            }
            notice.send(connection, replaced);
            return token;
        });
    }

    @Override
    public Token revoke(long id, RevocationReason reason, Instant at) {
        return transactions.inTransaction("tokens.revoke", connection -> {
            Sql.update(connection, REVOKE, at, reason, id);
            return changed(connection, id);
        });
    }

    @Override
    public List<Token> revokeFamily(long familyId, RevocationReason reason, Instant at) {
        return transactions.inTransaction("tokens.revokeFamily", connection -> {
            List<Long> candidates = Sql.list(connection, "SELECT id FROM tokens WHERE family_id = ?"
                    + " AND revoked_at IS NULL ORDER BY id FOR UPDATE", row -> row.getLong("id"), familyId);
            List<Token> revoked = new ArrayList<>();
            for (long id : candidates) {
                if (Sql.update(connection, REVOKE, at, reason, id) == 1) {
                    revoked.add(changed(connection, id));
                }
            }
            return revoked;
        });
    }

    @Override
    public Token delete(long id, Instant at) {
        return transactions.inTransaction("tokens.delete", connection -> {
            Sql.update(connection, REVOKE, at, RevocationReason.DELETED, id);
            Sql.update(connection, "UPDATE tokens SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL", at, id);
            return changed(connection, id);
        });
    }

    @Override
    public Token rotate(long oldId, NewToken replacement, Instant at) {
        return transactions.inTransaction("tokens.rotate", connection -> {
            Token old = TokenRows.byId(connection, oldId).orElseThrow(() -> noToken(oldId));
            if (old.userId() != replacement.userId()) {
                throw new IllegalArgumentException("a replacement token belongs to the user of the token it replaces");
            }
            lockUser(connection, old.userId());
            if (Sql.update(connection, REVOKE, at, RevocationReason.ROTATED, oldId) == 0) {
                throw new IllegalStateException("token " + oldId + " is already revoked; it cannot be rotated");
            }
            notice.send(connection, lockedHash(connection, oldId));
            return TokenRows.byId(connection, insertRow(connection, replacement, old.familyId())).orElseThrow();
        });
    }

    @Override
    public Token suspend(long id, Suspension suspension) {
        return transactions.inTransaction("tokens.suspend", connection -> {
            lockedHash(connection, id);
            Sql.update(connection, SUSPEND, suspension.at(), suspension.by(), id);
            return changed(connection, id);
        });
    }

    @Override
    public Token resume(long id) {
        return transactions.inTransaction("tokens.resume", connection -> {
            lockedHash(connection, id);
            Sql.update(connection, RESUME, id);
            return changed(connection, id);
        });
    }

    @Override
    public List<Token> suspendAll(long userId, Collection<TokenType> types, Suspension suspension, Instant now) {
        if (types.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(userId);
        params.addAll(types);
        params.add(now);
        String marks = types.stream().map(type -> "?").collect(Collectors.joining(", "));
        return transactions.inTransaction("tokens.suspendAll", connection -> {
            List<Long> candidates = Sql.list(connection, "SELECT id FROM tokens WHERE user_id = ? AND type IN (" + marks
                    + ") AND revoked_at IS NULL AND deleted_at IS NULL AND suspended_at IS NULL"
                    + " AND (expires_at IS NULL OR expires_at > ?) ORDER BY id FOR UPDATE",
                    row -> row.getLong("id"), params.toArray());
            List<Token> suspended = new ArrayList<>();
            for (long id : candidates) {
                if (Sql.update(connection, SUSPEND, suspension.at(), suspension.by(), id) == 1) {
                    suspended.add(changed(connection, id));
                }
            }
            return suspended;
        });
    }

    @Override
    public List<Token> resumeAll(long userId) {
        return transactions.inTransaction("tokens.resumeAll", connection -> {
            List<Long> candidates = Sql.list(connection, "SELECT id FROM tokens WHERE user_id = ?"
                    + " AND suspended_at IS NOT NULL ORDER BY id FOR UPDATE", row -> row.getLong("id"), userId);
            List<Token> resumed = new ArrayList<>();
            for (long id : candidates) {
                if (Sql.update(connection, RESUME, id) == 1) {
                    resumed.add(changed(connection, id));
                }
            }
            return resumed;
        });
    }

    @Override
    public Token addToFamily(long currentId, NewToken replacement) {
        return transactions.inTransaction("tokens.addToFamily", connection -> {
            Token current = TokenRows.byId(connection, currentId).orElseThrow(() -> noToken(currentId));
            if (current.userId() != replacement.userId()) {
                throw new IllegalArgumentException("a replacement token belongs to the user of the token it replaces");
            }
            lockUser(connection, current.userId());
            lockedHash(connection, currentId);
            if (TokenRows.byId(connection, currentId).orElseThrow().revokedAt() != null) {
                throw new IllegalStateException("token " + currentId + " is already revoked; it cannot be rotated");
            }
            return TokenRows.byId(connection, insertRow(connection, replacement, current.familyId())).orElseThrow();
        });
    }

    @Override
    public List<Token> listFamily(long familyId) {
        return transactions.read("tokens.listFamily", connection ->
                TokenRows.list(connection, "WHERE family_id = ? ORDER BY id", familyId));
    }

    @Override
    public List<Token> revokeFamilyBefore(long familyId, long beforeId, RevocationReason reason, Instant at) {
        return transactions.inTransaction("tokens.revokeFamilyBefore", connection -> {
            List<Long> candidates = Sql.list(connection, "SELECT id FROM tokens WHERE family_id = ? AND id < ?"
                    + " AND revoked_at IS NULL ORDER BY id FOR UPDATE", row -> row.getLong("id"), familyId, beforeId);
            List<Token> revoked = new ArrayList<>();
            for (long id : candidates) {
                if (Sql.update(connection, REVOKE, at, reason, id) == 1) {
                    revoked.add(changed(connection, id));
                }
            }
            return revoked;
        });
    }

    @Override
    public List<Token> listIdle(Instant idleSince, Instant now) {
        return transactions.read("tokens.listIdle", connection -> TokenRows.list(connection,
                "WHERE type IN ('CLASSIC', 'FINE_GRAINED') AND revoked_at IS NULL AND deleted_at IS NULL"
                        + " AND (expires_at IS NULL OR expires_at > ?) AND COALESCE(last_used_at, created_at) < ?"
                        + " ORDER BY COALESCE(last_used_at, created_at), id", now, idleSince));
    }

    @Override
    public Optional<Token> revokeIdle(long id, Instant idleSince, RevocationReason reason, Instant at) {
        return transactions.inTransaction("tokens.revokeIdle", connection -> {
            lockedHash(connection, id);
            int revoked = Sql.update(connection, REVOKE + " AND deleted_at IS NULL AND (expires_at IS NULL OR expires_at > ?)"
                    + " AND COALESCE(last_used_at, created_at) < ?", at, reason, id, at, idleSince);
            return revoked == 1 ? Optional.of(changed(connection, id)) : Optional.<Token>empty();
        });
    }

    @Override
    public Token decide(long tokenId, ResourceGrant decided) {
        return transactions.inTransaction("tokens.decide", connection -> {
            lockedHash(connection, tokenId);
            if (TokenResources.decide(connection, tokenId, decided) == 0) {
                throw new NoSuchElementException("token " + tokenId + " has no grant on owner " + decided.ownerId());
            }
            return changed(connection, tokenId);
        });
    }

    @Override
    public List<Token> listByResourceOwner(long ownerId) {
        return transactions.read("tokens.listByResourceOwner", connection -> TokenRows.list(connection,
                "WHERE id IN (SELECT token_id FROM token_resources WHERE owner_id = ?) AND deleted_at IS NULL"
                        + " ORDER BY created_at DESC, id DESC", ownerId));
    }

    @Override
    public void recordUsage(Collection<TokenUse> uses) {
        if (uses.isEmpty()) {
            return;
        }
        UsageMerge merge = UsageMerge.of(uses);
        transactions.inTransaction("tokens.recordUsage", connection -> {
            merge.writeTo(connection);
            return null;
        });
    }

    /** The token as this transaction left it, announced as changed. */
    private Token changed(Connection connection, long id) throws SQLException {
        Token token = TokenRows.byId(connection, id).orElseThrow(() -> noToken(id));
        notice.send(connection, token.hash());
        return token;
    }

    static TokenHash lockedHash(Connection connection, long id) throws SQLException {
        return Sql.one(connection, "SELECT hash FROM tokens WHERE id = ? FOR UPDATE",
                row -> TokenHash.fromBytes(row.getBytes("hash")), id).orElseThrow(() -> noToken(id));
    }

    private static void lockUser(Connection connection, long userId) throws SQLException {
        if (Sql.one(connection, "SELECT id FROM users WHERE id = ? FOR UPDATE", row -> row.getLong("id"), userId).isEmpty()) {
            throw new NoSuchElementException("user " + userId + " does not exist");
        }
    }

    private static boolean nameTaken(Connection connection, long userId, String name, long exceptId, Instant now)
            throws SQLException {
        return Sql.one(connection, LIVE_NAME, row -> row.getLong("id"), userId, name, exceptId, now).isPresent();
    }

    static long insertRow(Connection connection, NewToken token, Long familyId) throws SQLException {
        long id = Sql.one(connection, "SELECT nextval('token_ids') AS id", row -> row.getLong("id")).orElseThrow();
        FineGrained fineGrained = token.fineGrained();
        Sql.update(connection, "INSERT INTO tokens (id, user_id, hash, type, name, description, scopes, created_at,"
                        + " expires_at, family_id, permissions, packages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, token.userId(), token.hash().bytes(), token.type(), token.name(), token.description(),
                TokenRows.scopes(token.scopes()), token.createdAt(), token.expiresAt(), familyId == null ? id : familyId,
                fineGrained == null ? null : fineGrained.permissions().encode(),
                fineGrained == null || fineGrained.packages() == null ? null : fineGrained.packages().encode());
        if (fineGrained != null) {
            TokenResources.insert(connection, id, fineGrained.resources());
        }
        return id;
    }

    private static NoSuchElementException noToken(long id) {
        return new NoSuchElementException("token " + id + " does not exist");
    }
}
