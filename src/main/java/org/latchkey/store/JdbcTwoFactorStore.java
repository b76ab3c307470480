package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.latchkey.account.TwoFactorRecord;
import org.latchkey.account.TwoFactorStore;

/**
 * Two-factor state in {@code two_factor} (one row per user) and {@code recovery_codes} (hashes only).
 * Each cached token carries its owner's two-factor state, so turning it on or off announces all of
 * the owner's live tokens as changed, as any change to a token is.
 */
final class JdbcTwoFactorStore implements TwoFactorStore {

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcTwoFactorStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public Optional<TwoFactorRecord> find(long userId) {
        return transactions.read("twoFactor.find", connection -> Sql.one(connection,
                "SELECT user_id, secret_ciphertext, created_at, enabled_at, last_used_step FROM two_factor WHERE user_id = ?",
                JdbcTwoFactorStore::record, userId));
    }

    @Override
    public boolean enabled(long userId) {
        return transactions.read("twoFactor.enabled", connection -> Sql.one(connection,
                "SELECT 1 AS yes FROM two_factor WHERE user_id = ? AND enabled_at IS NOT NULL", row -> true, userId))
                .orElse(false);
    }

    @Override
    public boolean putPending(long userId, String secretCiphertext, Instant now) {
        try {
            return transactions.inTransaction("twoFactor.putPending", connection -> {
                Sql.update(connection, "DELETE FROM two_factor WHERE user_id = ? AND enabled_at IS NULL", userId);
                Sql.update(connection, "INSERT INTO two_factor (user_id, secret_ciphertext, created_at) VALUES (?, ?, ?)",
                        userId, secretCiphertext, now);
                return true;
            });
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean enable(long userId, long step, List<byte[]> recoveryCodeHashes, Instant now) {
        return transactions.inTransaction("twoFactor.enable", connection -> {
            int updated = Sql.update(connection, "UPDATE two_factor SET enabled_at = ?, last_used_step = ?"
                    + " WHERE user_id = ? AND enabled_at IS NULL", now, step, userId);
            if (updated == 0) {
                return false;
            }
            insertCodes(connection, userId, recoveryCodeHashes, now);
            notice.announceTokensOf(connection, userId);
            return true;
        });
    }

    @Override
    public boolean useStep(long userId, long step) {
        return transactions.inTransaction("twoFactor.useStep", connection -> Sql.update(connection,
                "UPDATE two_factor SET last_used_step = ? WHERE user_id = ? AND enabled_at IS NOT NULL"
                        + " AND (last_used_step IS NULL OR last_used_step < ?)", step, userId, step) == 1);
    }

    @Override
    public boolean useRecoveryCode(long userId, byte[] codeHash, Instant now) {
        return transactions.inTransaction("twoFactor.useRecoveryCode", connection -> Sql.update(connection,
                "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                now, userId, codeHash) == 1);
    }

    @Override
    public int unusedRecoveryCodes(long userId) {
        return transactions.read("twoFactor.unusedRecoveryCodes", connection -> Sql.one(connection,
                "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = ? AND used_at IS NULL",
                row -> row.getInt("n"), userId).orElse(0));
    }

    @Override
    public boolean replaceRecoveryCodes(long userId, List<byte[]> codeHashes, Instant now) {
        return transactions.inTransaction("twoFactor.replaceRecoveryCodes", connection -> {
            boolean enabled = Sql.one(connection, "SELECT 1 AS yes FROM two_factor WHERE user_id = ? AND enabled_at IS NOT NULL"
                    + " FOR UPDATE", row -> true, userId).orElse(false);
            if (!enabled) {
                return false;
            }
            insertCodes(connection, userId, codeHashes, now);
            return true;
        });
    }

    @Override
    public boolean delete(long userId) {
        return transactions.inTransaction("twoFactor.delete", connection -> {
            Sql.update(connection, "DELETE FROM recovery_codes WHERE user_id = ?", userId);
            boolean deleted = Sql.update(connection, "DELETE FROM two_factor WHERE user_id = ?", userId) == 1;
            notice.announceTokensOf(connection, userId);
            return deleted;
        });
    }

    private static void insertCodes(java.sql.Connection connection, long userId, List<byte[]> hashes, Instant now)
            throws SQLException {
        Sql.update(connection, "DELETE FROM recovery_codes WHERE user_id = ?", userId);
        Sql.batch(connection, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
                hashes.stream().map(hash -> new Object[] {userId, hash, now}).toList());
    }

    private static TwoFactorRecord record(ResultSet row) throws SQLException {
        return new TwoFactorRecord(row.getLong("user_id"), row.getString("secret_ciphertext"), Sql.instant(row, "created_at"),
                Sql.instant(row, "enabled_at"), Sql.nullableLong(row, "last_used_step"));
    }
}
