package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
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
}
