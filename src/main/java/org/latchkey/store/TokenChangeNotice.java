package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.latchkey.token.TokenHash;

/**
 * Tells the other nodes that a credential they may hold in memory changed, as part of the
 * transaction that changes it: delivered when it commits, never if it rolls back. On PostgreSQL
 * the transaction takes an invalidation sequence, and the change returns once every node applied
 * it (see {@link PostgresTokenNotices}). H2 has no other nodes.
 */
interface TokenChangeNotice {

    TokenChangeNotice NONE = new TokenChangeNotice() {
        @Override
        public void send(Connection transaction, TokenHash changed) {
        }

        @Override
        public void orgChanged(Connection transaction, long orgId) {
        }

        @Override
        public void issuersChanged(Connection transaction, long issuerId) {
        }
    };

    /** Notices with the sequence {@code transactions} takes for the transaction. */
    static TokenChangeNotice postgres(Transactions transactions) {
        return new TokenChangeNotice() {
            @Override
            public void send(Connection transaction, TokenHash changed) throws SQLException {
                PostgresTokenNotices.send(transaction, transactions.sequence(transaction), changed);
            }

            @Override
            public void orgChanged(Connection transaction, long orgId) throws SQLException {
                PostgresTokenNotices.sendOrg(transaction, transactions.sequence(transaction), orgId);
            }

            @Override
            public void issuersChanged(Connection transaction, long issuerId) throws SQLException {
                PostgresTokenNotices.sendIssuers(transaction, transactions.sequence(transaction), issuerId);
            }
        };
    }

    /** The token with this hash changed how (or whether) it authenticates. */
    void send(Connection transaction, TokenHash changed) throws SQLException;

    /** An organisation's policy that nodes keep in memory changed. */
    void orgChanged(Connection transaction, long orgId) throws SQLException;

    /** The trusted OIDC issuers changed (issuer {@code issuerId} added or deleted); nodes keep them in memory. */
    void issuersChanged(Connection transaction, long issuerId) throws SQLException;

    /** Announces every unrevoked token of a user, each of which carries its owner's account as it was loaded. */
    default void announceTokensOf(Connection transaction, long userId) throws SQLException {
        List<TokenHash> hashes = Sql.list(transaction, "SELECT hash FROM tokens WHERE user_id = ? AND revoked_at IS NULL",
                row -> TokenHash.fromBytes(row.getBytes("hash")), userId);
        for (TokenHash hash : hashes) {
            send(transaction, hash);
        }
    }
}
