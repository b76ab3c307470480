package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.latchkey.oauth.AppDetails;
import org.latchkey.oauth.AuthorizationCode;
import org.latchkey.oauth.AuthorizedApp;
import org.latchkey.oauth.ClientSecret;
import org.latchkey.oauth.OAuthApp;
import org.latchkey.oauth.OAuthGrant;
import org.latchkey.oauth.OAuthStore;
import org.latchkey.oauth.OrgAppPolicy;
import org.latchkey.oauth.TokenLink;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;

/**
 * OAuth apps and what hangs off them in the {@code oauth_*} tables; app tokens are rows of
 * {@code tokens} (so the gate, the cache and the usage log treat them as any token) linked to
 * their grant and code in {@code oauth_tokens}. Revocations send a {@link TokenChangeNotice} per token.
 */
final class JdbcOAuthStore implements OAuthStore {

    private static final String APP = "SELECT a.id, a.owner_id, COALESCE(u.login, 'latchkey') AS owner_login, a.client_id, a.name,"
            + " a.homepage_url, a.description, a.callback_urls, a.confidential, a.created_at"
            + " FROM oauth_apps a LEFT JOIN users u ON u.id = a.owner_id WHERE a.deleted_at IS NULL";
    private static final String GRANT = "SELECT g.id, g.app_id, g.user_id, g.scopes, g.created_at, g.updated_at,"
            + " (SELECT MAX(t.last_used_at) FROM oauth_tokens o JOIN tokens t ON t.id = o.token_id"
            + " WHERE o.grant_id = g.id) AS last_used_at FROM oauth_grants g WHERE g.revoked_at IS NULL";
    private static final String REVOKE = "UPDATE tokens SET revoked_at = ?, revocation_reason = ?"
            + " WHERE id = ? AND revoked_at IS NULL";

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcOAuthStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public OAuthApp insertApp(long ownerId, String clientId, AppDetails details, Instant now) {
        return transactions.inTransaction("oauth.insertApp", connection -> {
            long id = Sql.insert(connection, "INSERT INTO oauth_apps (owner_id, client_id, name, homepage_url, description,"
                    + " callback_urls, confidential, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ownerId, clientId,
                    details.name(), details.homepageUrl(), details.description(), String.join("\n", details.callbackUrls()),
                    details.confidential(), now);
            return app(connection, id).orElseThrow();
        });
    }

    @Override
    public Optional<OAuthApp> findApp(long id) {
        return transactions.read("oauth.findApp", connection -> app(connection, id));
    }

    @Override
    public Optional<OAuthApp> findByClientId(String clientId) {
        return transactions.read("oauth.findByClientId", connection ->
                Sql.one(connection, APP + " AND a.client_id = ?", JdbcOAuthStore::app, clientId));
    }

    @Override
    public List<OAuthApp> listApps(long ownerId) {
        return transactions.read("oauth.listApps", connection ->
                Sql.list(connection, APP + " AND a.owner_id = ? ORDER BY a.id", JdbcOAuthStore::app, ownerId));
    }

    @Override
    public OAuthApp updateApp(long id, AppDetails details) {
        return transactions.inTransaction("oauth.updateApp", connection -> {
            Sql.update(connection, "UPDATE oauth_apps SET name = ?, homepage_url = ?, description = ?, callback_urls = ?"
                    + " WHERE id = ? AND deleted_at IS NULL", details.name(), details.homepageUrl(), details.description(),
                    String.join("\n", details.callbackUrls()), id);
            return app(connection, id).orElseThrow(() -> new NoSuchElementException("oauth app " + id));
        });
    }

    @Override
    public List<Token> deleteApp(long id, Instant at) {
        return transactions.inTransaction("oauth.deleteApp", connection -> {
            List<Token> revoked = revokeGrantsWhere(connection, "app_id = ?", id, RevocationReason.REVOKED, at);
            Sql.update(connection, "DELETE FROM oauth_client_secrets WHERE app_id = ?", id);
            Sql.update(connection, "UPDATE oauth_apps SET deleted_at = ? WHERE id = ?", at, id);
            return revoked;
        });
    }

    @Override
    public ClientSecret addSecret(long appId, byte[] hash, Instant now) {
        return transactions.inTransaction("oauth.addSecret", connection -> {
            long id = Sql.insert(connection, "INSERT INTO oauth_client_secrets (app_id, hash, created_at) VALUES (?, ?, ?)",
                    appId, hash, now);
            return new ClientSecret(id, appId, now, null);
        });
    }

    @Override
    public List<ClientSecret> secrets(long appId) {
        return transactions.read("oauth.secrets", connection -> Sql.list(connection,
                "SELECT id, app_id, created_at, last_used_at FROM oauth_client_secrets WHERE app_id = ? ORDER BY id",
                row -> new ClientSecret(row.getLong("id"), row.getLong("app_id"), Sql.instant(row, "created_at"),
                        Sql.instant(row, "last_used_at")), appId));
    }

    @Override
    public boolean removeSecret(long appId, long secretId) {
        return transactions.inTransaction("oauth.removeSecret", connection ->
                Sql.update(connection, "DELETE FROM oauth_client_secrets WHERE app_id = ? AND id = ?", appId, secretId) == 1);
    }

    @Override
    public boolean secretMatches(long appId, byte[] hash, Instant now) {
        return transactions.inTransaction("oauth.secretMatches", connection ->
                Sql.update(connection, "UPDATE oauth_client_secrets SET last_used_at = ? WHERE app_id = ? AND hash = ?",
                        now, appId, hash) == 1);
    }

    @Override
    public Optional<OAuthGrant> liveGrant(long userId, long appId) {
        return transactions.read("oauth.liveGrant", connection -> Sql.one(connection,
                GRANT + " AND g.user_id = ? AND g.app_id = ? ORDER BY g.id DESC", JdbcOAuthStore::grant, userId, appId));
    }

    @Override
    public Optional<OAuthGrant> findGrant(long id) {
        return transactions.read("oauth.findGrant", connection ->
                Sql.one(connection, GRANT + " AND g.id = ?", JdbcOAuthStore::grant, id));
    }

    @Override
    public OAuthGrant approve(long userId, long appId, Scopes scopes, Instant now) {
        return transactions.inTransaction("oauth.approve", connection -> {
            Sql.one(connection, "SELECT id FROM users WHERE id = ? FOR UPDATE", row -> row.getLong("id"), userId);
            Optional<OAuthGrant> live = Sql.one(connection, GRANT + " AND g.user_id = ? AND g.app_id = ? ORDER BY g.id DESC",
                    JdbcOAuthStore::grant, userId, appId);
            if (live.isPresent()) {
                EnumSet<Scope> union = EnumSet.noneOf(Scope.class);
                union.addAll(live.get().scopes().granted());
                union.addAll(scopes.granted());
                Sql.update(connection, "UPDATE oauth_grants SET scopes = ?, updated_at = ? WHERE id = ?",
                        TokenRows.scopes(Scopes.of(union)), now, live.get().id());
                return grant(connection, live.get().id());
            }
            long id = Sql.insert(connection, "INSERT INTO oauth_grants (app_id, user_id, scopes, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)", appId, userId, TokenRows.scopes(scopes), now, now);
            return grant(connection, id);
        });
    }

    @Override
    public List<AuthorizedApp> grantsOf(long userId) {
        return transactions.read("oauth.grantsOf", connection -> {
            List<OAuthGrant> grants = Sql.list(connection, GRANT + " AND g.user_id = ? ORDER BY g.id DESC",
                    JdbcOAuthStore::grant, userId);
            List<AuthorizedApp> apps = new ArrayList<>();
            for (OAuthGrant grant : grants) {
                app(connection, grant.appId()).ifPresent(app -> apps.add(new AuthorizedApp(grant, app)));
            }
            return apps;
        });
    }

    @Override
    public List<Token> revokeGrant(long grantId, RevocationReason reason, Instant at) {
        return transactions.inTransaction("oauth.revokeGrant", connection ->
                revokeGrantsWhere(connection, "id = ?", grantId, reason, at));
    }

    @Override
    public List<Token> revokeAppGrants(long appId, RevocationReason reason, Instant at) {
        return transactions.inTransaction("oauth.revokeAppGrants", connection ->
                revokeGrantsWhere(connection, "app_id = ?", appId, reason, at));
    }

    @Override
    public AuthorizationCode insertCode(long grantId, byte[] hash, String redirectUri, Scopes scopes, String codeChallenge,
                                        Instant now, Instant expiresAt) {
        return transactions.inTransaction("oauth.insertCode", connection -> {
            long id = Sql.insert(connection, "INSERT INTO oauth_codes (hash, grant_id, redirect_uri, scopes, code_challenge,"
                    + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)", hash, grantId, redirectUri,
                    TokenRows.scopes(scopes), codeChallenge, now, expiresAt);
            return code(connection, "c.id = ?", id).orElseThrow();
        });
    }

    @Override
    public Optional<AuthorizationCode> findCode(byte[] hash) {
        return transactions.read("oauth.findCode", connection -> code(connection, "c.hash = ?", hash));
    }

    @Override
    public boolean useCode(long codeId, Instant at) {
        return transactions.inTransaction("oauth.useCode", connection ->
                Sql.update(connection, "UPDATE oauth_codes SET used_at = ? WHERE id = ? AND used_at IS NULL", at, codeId) == 1);
    }

    @Override
    public List<Token> revokeByCode(long codeId, RevocationReason reason, Instant at) {
        return transactions.inTransaction("oauth.revokeByCode", connection ->
                revokeTokensWhere(connection, "code_id = ?", codeId, reason, at));
    }

    @Override
    public Optional<List<Token>> issue(long grantId, Long codeId, Long usedRefreshId, NewToken access, NewToken refresh,
                                       Instant at) {
        return transactions.inTransaction("oauth.issue", connection -> {
            if (Sql.one(connection, "SELECT id FROM oauth_grants WHERE id = ? AND revoked_at IS NULL FOR UPDATE",
                    row -> row.getLong("id"), grantId).isEmpty()) {
                return Optional.<List<Token>>empty();
            }
            if (usedRefreshId != null) {
                JdbcTokenStore.lockedHash(connection, usedRefreshId);
                if (Sql.update(connection, REVOKE, at, RevocationReason.ROTATED, usedRefreshId) == 0) {
                    return Optional.<List<Token>>empty();
                }
                notice.send(connection, TokenRows.byId(connection, usedRefreshId).orElseThrow().hash());
            }
            List<Token> stored = new ArrayList<>();
            for (NewToken token : List.of(access, refresh)) {
                long id = JdbcTokenStore.insertRow(connection, token, null);
                Sql.update(connection, "INSERT INTO oauth_tokens (token_id, grant_id, code_id) VALUES (?, ?, ?)",
                        id, grantId, codeId);
                stored.add(TokenRows.byId(connection, id).orElseThrow());
            }
            return Optional.of(List.copyOf(stored));
        });
    }

    @Override
    public Optional<TokenLink> link(long tokenId) {
        return transactions.read("oauth.link", connection -> Sql.one(connection,
                "SELECT o.token_id, o.grant_id, o.code_id, g.app_id FROM oauth_tokens o"
                        + " JOIN oauth_grants g ON g.id = o.grant_id WHERE o.token_id = ?",
                row -> new TokenLink(row.getLong("token_id"), row.getLong("grant_id"), Sql.nullableLong(row, "code_id"),
                        row.getLong("app_id")), tokenId));
    }

    @Override
    public List<Token> tokensOf(long grantId) {
        return transactions.read("oauth.tokensOf", connection -> TokenRows.list(connection,
                "WHERE id IN (SELECT token_id FROM oauth_tokens WHERE grant_id = ?) ORDER BY id DESC", grantId));
    }

    private List<Token> revokeGrantsWhere(Connection connection, String where, long value, RevocationReason reason,
                                          Instant at) throws SQLException {
        List<Long> grants = Sql.list(connection, "SELECT id FROM oauth_grants WHERE " + where
                + " AND revoked_at IS NULL ORDER BY id FOR UPDATE", row -> row.getLong("id"), value);
        List<Token> revoked = new ArrayList<>();
        for (long grantId : grants) {
            Sql.update(connection, "UPDATE oauth_grants SET revoked_at = ? WHERE id = ?", at, grantId);
            revoked.addAll(revokeTokensWhere(connection, "grant_id = ?", grantId, reason, at));
        }
        return revoked;
    }

    private List<Token> revokeTokensWhere(Connection connection, String where, long value, RevocationReason reason,
                                          Instant at) throws SQLException {
        List<Long> ids = Sql.list(connection, "SELECT t.id FROM tokens t JOIN oauth_tokens o ON o.token_id = t.id WHERE o."
                + where + " AND t.revoked_at IS NULL ORDER BY t.id FOR UPDATE", row -> row.getLong("id"), value);
        List<Token> revoked = new ArrayList<>();
        for (long id : ids) {
            if (Sql.update(connection, REVOKE, at, reason, id) == 1) {
                Token token = TokenRows.byId(connection, id).orElseThrow();
                notice.send(connection, token.hash());
                revoked.add(token);
            }
        }
        return revoked;
    }

    private static Optional<OAuthApp> app(Connection connection, long id) throws SQLException {
        return Sql.one(connection, APP + " AND a.id = ?", JdbcOAuthStore::app, id);
    }

    private static OAuthGrant grant(Connection connection, long id) throws SQLException {
        return Sql.one(connection, GRANT + " AND g.id = ?", JdbcOAuthStore::grant, id).orElseThrow();
    }

    private static Optional<AuthorizationCode> code(Connection connection, String where, Object value) throws SQLException {
        return Sql.one(connection, "SELECT c.id, c.grant_id, g.app_id, g.user_id, c.redirect_uri, c.scopes,"
                + " c.code_challenge, c.expires_at, c.used_at FROM oauth_codes c JOIN oauth_grants g ON g.id = c.grant_id"
                + " WHERE " + where, row -> new AuthorizationCode(row.getLong("id"), row.getLong("grant_id"),
                row.getLong("app_id"), row.getLong("user_id"), row.getString("redirect_uri"),
                TokenRows.parseScopes(row.getString("scopes")), row.getString("code_challenge"),
                Sql.instant(row, "expires_at"), Sql.instant(row, "used_at")), value);
    }

    private static OAuthApp app(ResultSet row) throws SQLException {
        return new OAuthApp(row.getLong("id"), row.getLong("owner_id"), row.getString("owner_login"),
                row.getString("client_id"), new AppDetails(row.getString("name"), row.getString("homepage_url"),
                row.getString("description"), Arrays.asList(row.getString("callback_urls").split("\n")),
                row.getBoolean("confidential")), Sql.instant(row, "created_at"));
    }

    private static OAuthGrant grant(ResultSet row) throws SQLException {
        return new OAuthGrant(row.getLong("id"), row.getLong("app_id"), row.getLong("user_id"),
                TokenRows.parseScopes(row.getString("scopes")), Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"), Sql.instant(row, "last_used_at"));
    }

    @Override
    public OrgAppPolicy orgPolicy(long orgId) {
        return transactions.read("oauth.orgPolicy", connection -> {
            boolean restricted = Sql.one(connection, "SELECT restricted FROM oauth_org_policies WHERE org_id = ?",
                    row -> row.getBoolean("restricted"), orgId).orElse(false);
            List<Long> approved = Sql.list(connection, "SELECT app_id FROM oauth_org_approvals WHERE org_id = ?",
                    row -> row.getLong("app_id"), orgId);
            return new OrgAppPolicy(restricted, new java.util.HashSet<>(approved));
        });
    }

    @Override
    public void setRestricted(long orgId, boolean restricted) {
        transactions.inTransaction("oauth.setRestricted", connection -> {
            Sql.update(connection, "DELETE FROM oauth_org_policies WHERE org_id = ?", orgId);
            Sql.update(connection, "INSERT INTO oauth_org_policies (org_id, restricted) VALUES (?, ?)", orgId, restricted);
            notice.orgChanged(connection, orgId);
            return null;
        });
    }

    @Override
    public boolean approveForOrg(long orgId, long appId, String by, Instant at) {
        return transactions.inTransaction("oauth.approveForOrg", connection -> {
            if (Sql.one(connection, "SELECT app_id FROM oauth_org_approvals WHERE org_id = ? AND app_id = ?",
                    row -> row.getLong("app_id"), orgId, appId).isPresent()) {
                return false;
            }
            Sql.update(connection, "INSERT INTO oauth_org_approvals (org_id, app_id, approved_at, approved_by)"
                    + " VALUES (?, ?, ?, ?)", orgId, appId, at, by);
            notice.orgChanged(connection, orgId);
            return true;
        });
    }

    @Override
    public boolean unapproveForOrg(long orgId, long appId) {
        return transactions.inTransaction("oauth.unapproveForOrg", connection -> {
            if (Sql.update(connection, "DELETE FROM oauth_org_approvals WHERE org_id = ? AND app_id = ?", orgId, appId) == 0) {
                return false;
            }
            notice.orgChanged(connection, orgId);
            return true;
        });
    }
}
