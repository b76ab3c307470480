package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.latchkey.token.TokenHash;

/**
 * Tells the other nodes that a token they may hold in memory changed, as part of the transaction
 * that changes it: delivered when it commits, never if it rolls back. H2 has no other nodes.
 */
@FunctionalInterface
interface TokenChangeNotice {

    TokenChangeNotice NONE = (connection, hash) -> { };
    TokenChangeNotice POSTGRES = PostgresTokenNotices::send;

    void send(Connection transaction, TokenHash changed) throws SQLException;

    /** Announces every unrevoked token of a user, each of which carries its owner's account as it was loaded. */
    default void announceTokensOf(Connection transaction, long userId) throws SQLException {
        List<TokenHash> hashes = Sql.list(transaction, "SELECT hash FROM tokens WHERE user_id = ? AND revoked_at IS NULL",
                row -> TokenHash.fromBytes(row.getBytes("hash")), userId);
        for (TokenHash hash : hashes) {
            send(transaction, hash);
        }
    }
}
