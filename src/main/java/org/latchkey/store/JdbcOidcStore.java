package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.oidc.IssuerStore;
import org.latchkey.oidc.IssuerUrl;
import org.latchkey.oidc.SeenIdTokenStore;
import org.latchkey.oidc.TrustedIssuer;

/**
 * Trusted issuers in {@code oidc_issuers} (unique by key) and used ID tokens in {@code oidc_seen_tokens}.
 * Adding or deleting an issuer is announced to the nodes, which keep the issuers in memory, in its
 * transaction.
 */
final class JdbcOidcStore implements IssuerStore, SeenIdTokenStore {

    private static final String COLUMNS = "id, issuer, created_by, created_at";

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcOidcStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public Optional<TrustedIssuer> insert(IssuerUrl issuer, String createdBy, Instant at) {
        return transactions.inTransaction("oidc_issuers.insert", connection -> {
            int added = Sql.update(connection, "INSERT INTO oidc_issuers (issuer, issuer_key, created_by, created_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", issuer.value(), issuer.key(), createdBy, at);
            if (added == 0) {
                return Optional.<TrustedIssuer>empty();
            }
            Optional<TrustedIssuer> stored = Sql.one(connection, "SELECT " + COLUMNS
                    + " FROM oidc_issuers WHERE issuer_key = ?", JdbcOidcStore::issuer, issuer.key());
            notice.issuersChanged(connection, stored.orElseThrow().id());
            return stored;
        });
    }

    @Override
    public List<TrustedIssuer> list() {
        return transactions.read("oidc_issuers.list", connection -> Sql.list(connection,
                "SELECT " + COLUMNS + " FROM oidc_issuers ORDER BY id", JdbcOidcStore::issuer));
    }

    @Override
    public Optional<TrustedIssuer> findByKey(String key) {
        return transactions.read("oidc_issuers.findByKey", connection -> Sql.one(connection,
                "SELECT " + COLUMNS + " FROM oidc_issuers WHERE issuer_key = ?", JdbcOidcStore::issuer, key));
    }

    @Override
    public Optional<TrustedIssuer> find(long id) {
        return transactions.read("oidc_issuers.find", connection -> Sql.one(connection,
                "SELECT " + COLUMNS + " FROM oidc_issuers WHERE id = ?", JdbcOidcStore::issuer, id));
    }

    @Override
    public boolean delete(long id) {
        return transactions.inTransaction("oidc_issuers.delete", connection -> {
            boolean deleted = Sql.update(connection, "DELETE FROM oidc_issuers WHERE id = ?", id) == 1;
            if (deleted) {
                notice.issuersChanged(connection, id);
            }
            return deleted;
        });
    }

    @Override
    public boolean firstUse(String digest, Instant keepUntil) {
        return transactions.inTransaction("oidc_seen_tokens.insert", connection -> Sql.update(connection,
                "INSERT INTO oidc_seen_tokens (digest, keep_until) VALUES (?, ?) ON CONFLICT DO NOTHING",
                digest, keepUntil) == 1);
    }

    @Override
    public int pruneBefore(Instant cutoff) {
        return transactions.inTransaction("oidc_seen_tokens.prune", connection -> Sql.update(connection,
                "DELETE FROM oidc_seen_tokens WHERE keep_until < ?", cutoff));
    }

    private static TrustedIssuer issuer(ResultSet row) throws SQLException {
        return new TrustedIssuer(row.getLong("id"), row.getString("issuer"), TrustedIssuer.API,
                row.getString("created_by"), Sql.instant(row, "created_at"));
    }
}
