package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.latchkey.token.FineGrained;
import org.latchkey.token.PackagePatterns;
import org.latchkey.token.Permissions;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Suspension;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;

/** Reads tokens with their usage: one query for the rows, one for their recent IPs. */
final class TokenRows {

    static final int RECENT_IPS = 5;
    private static final int IDS_PER_QUERY = 1000;

    private static final String SELECT = "SELECT id, user_id, type, name, description, scopes, created_at, expires_at,"
            + " revoked_at, revocation_reason, deleted_at, family_id, hash, last_used_at, last_user_agent, permissions,"
            + " suspended_at, suspended_by, packages FROM tokens ";

    private TokenRows() {
    }

    static Optional<Token> byId(Connection connection, long id) throws SQLException {
        return first(list(connection, "WHERE id = ?", id));
    }

    static Optional<Token> first(List<Token> tokens) {
        return tokens.isEmpty() ? Optional.empty() : Optional.of(tokens.get(0));
    }

    /** The tokens a {@code WHERE ... [ORDER BY ...]} clause selects, in its order. */
    static List<Token> list(Connection connection, String clause, Object... params) throws SQLException {
        List<Token> tokens = Sql.list(connection, SELECT + clause, TokenRows::token, params);
        if (tokens.isEmpty()) {
            return tokens;
        }
        Map<Long, List<String>> ips = recentIps(connection, tokens.stream().map(Token::id).toList());
        Map<Long, List<ResourceGrant>> grants = TokenResources.of(connection,
                tokens.stream().filter(Token::isFineGrained).map(Token::id).toList());
        return tokens.stream()
                .map(token -> withIps(token, ips.getOrDefault(token.id(), List.of())))
                .map(token -> token.isFineGrained() ? withGrants(token, grants.getOrDefault(token.id(), List.of())) : token)
                .toList();
    }

    static String scopes(Scopes scopes) {
        return String.join(",", scopes.wireNames());
    }

    private static Map<Long, List<String>> recentIps(Connection connection, List<Long> tokenIds) throws SQLException {
        Map<Long, List<String>> ips = new HashMap<>();
        for (int from = 0; from < tokenIds.size(); from += IDS_PER_QUERY) {
            List<Long> chunk = tokenIds.subList(from, Math.min(tokenIds.size(), from + IDS_PER_QUERY));
            String marks = chunk.stream().map(id -> "?").collect(Collectors.joining(", "));
            Sql.each(connection, "SELECT token_id, ip FROM token_ips WHERE token_id IN (" + marks + ")"
                    + " ORDER BY token_id, last_seen_at DESC, ip", row -> {
                        List<String> list = ips.computeIfAbsent(row.getLong("token_id"), id -> new ArrayList<>());
                        if (list.size() < RECENT_IPS) {
                            list.add(row.getString("ip"));
                        }
                    }, chunk.toArray());
        }
        return ips;
    }

    private static Token withIps(Token t, List<String> ips) {
        return t.withUsage(new TokenUsage(t.usage().lastUsedAt(), ips, t.usage().lastUserAgent()));
    }

    private static Token withGrants(Token t, List<ResourceGrant> grants) {
        return new Token(t.id(), t.userId(), t.type(), t.name(), t.description(), t.scopes(), t.createdAt(), t.expiresAt(),
                t.revokedAt(), t.revocationReason(), t.deletedAt(), t.familyId(), t.hash(), t.usage(),
                t.fineGrained().withResources(grants), t.suspension());
    }

    private static Token token(ResultSet row) throws SQLException {
        String reason = row.getString("revocation_reason");
        String permissions = row.getString("permissions");
        java.time.Instant suspendedAt = Sql.instant(row, "suspended_at");
        return new Token(
                row.getLong("id"),
                row.getLong("user_id"),
                TokenType.valueOf(row.getString("type")),
                row.getString("name"),
                row.getString("description"),
                parseScopes(row.getString("scopes")),
                Sql.instant(row, "created_at"),
                Sql.instant(row, "expires_at"),
                Sql.instant(row, "revoked_at"),
                reason == null ? null : RevocationReason.valueOf(reason),
                Sql.instant(row, "deleted_at"),
                row.getLong("family_id"),
                TokenHash.fromBytes(row.getBytes("hash")),
                new TokenUsage(Sql.instant(row, "last_used_at"), Collections.emptyList(), row.getString("last_user_agent")),
                permissions == null ? null : new FineGrained(Permissions.decode(permissions), List.of(),
                        PackagePatterns.decode(row.getString("packages"))),
                suspendedAt == null ? null : new Suspension(suspendedAt, row.getString("suspended_by")));
    }

    /** Unknown names (a scope dropped by a later version) are left out: a token never gains by them. */
    static Scopes parseScopes(String names) {
        return Scopes.of(Arrays.stream(names.split(","))
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .flatMap(name -> Scope.fromWireName(name).stream())
                .toList());
    }
}
