package org.latchkey.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.account.PasswordStore;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;

/**
 * Passwords in {@code users} and reset codes in {@code password_resets}. A change ends the user's
 * sessions in its own transaction and announces every token of the user it ended or left live, since
 * each cached token carries its owner (and the owner's generated-password mark).
 */
final class JdbcPasswordStore implements PasswordStore {

    private static final String END_SESSIONS = "UPDATE tokens SET revoked_at = ?, revocation_reason = ?"
            + " WHERE user_id = ? AND type = ? AND revoked_at IS NULL AND id <> ?";

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcPasswordStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public void markGenerated(long userId) {
        transactions.inTransaction("passwords.markGenerated", connection ->
                Sql.update(connection, "UPDATE users SET password_generated = TRUE WHERE id = ?", userId));
    }

    @Override
    public boolean replace(long userId, String passwordHash, long keptSessionId, Instant at) {
        return transactions.inTransaction("passwords.replace", connection ->
                setPassword(connection, userId, passwordHash, keptSessionId, at));
    }

    @Override
    public boolean issueResetCode(long userId, byte[] codeHash, Instant at, Instant expiresAt, long issuedBy) {
        return transactions.inTransaction("passwords.issueResetCode", connection -> {
            boolean generated = setPassword(connection, userId, null, 0, at);
            Sql.update(connection, "DELETE FROM password_resets WHERE user_id = ?", userId);
            Sql.update(connection, "INSERT INTO password_resets (user_id, code_hash, created_at, expires_at, created_by)"
                    + " VALUES (?, ?, ?, ?, ?)", userId, codeHash, at, expiresAt, issuedBy);
            return generated;
        });
    }

    @Override
    public Optional<ResetCode> resetCode(long userId) {
        return transactions.read("passwords.resetCode", connection -> Sql.one(connection,
                "SELECT code_hash, expires_at FROM password_resets WHERE user_id = ?",
                row -> new ResetCode(row.getBytes("code_hash"), Sql.instant(row, "expires_at")), userId));
    }

    @Override
    public boolean redeemResetCode(long userId, byte[] codeHash, String passwordHash, Instant at) {
        return transactions.inTransaction("passwords.redeemResetCode", connection -> {
            if (Sql.update(connection, "DELETE FROM password_resets WHERE user_id = ? AND code_hash = ? AND expires_at > ?",
                    userId, codeHash, at) != 1) {
                return false;
            }
            setPassword(connection, userId, passwordHash, 0, at);
            return true;
        });
    }

    private boolean setPassword(Connection connection, long userId, String passwordHash, long keptSessionId, Instant at)
            throws SQLException {
        boolean generated = Sql.one(connection, "SELECT password_generated FROM users WHERE id = ? FOR UPDATE",
                row -> row.getBoolean("password_generated"), userId).orElseThrow();
        Sql.update(connection, "UPDATE users SET password_hash = ?, password_generated = FALSE WHERE id = ?",
                passwordHash, userId);
        Sql.update(connection, END_SESSIONS, at, RevocationReason.PASSWORD_CHANGED, userId, TokenType.SESSION, keptSessionId);
        List<TokenHash> changed = Sql.list(connection, "SELECT hash FROM tokens WHERE user_id = ?"
                + " AND (revoked_at IS NULL OR revoked_at = ?)", row -> TokenHash.fromBytes(row.getBytes("hash")), userId, at);
        for (TokenHash hash : changed) {
            notice.send(connection, hash);
        }
        return generated;
    }
}
