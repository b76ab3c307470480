package org.latchkey.store;

import java.time.Instant;
import java.util.Optional;
import org.latchkey.account.SudoConfirmations;

/** Sudo confirmations in {@code session_confirmations}, deleted with their session. */
final class JdbcSudoConfirmations implements SudoConfirmations {

    private final Transactions transactions;

    JdbcSudoConfirmations(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void confirmed(long sessionId, Instant at) {
        transactions.inTransaction("sudo.confirmed", connection -> {
            String update = "UPDATE session_confirmations SET confirmed_at = ? WHERE session_id = ?";
            if (Sql.update(connection, update, at, sessionId) == 0
                    && Sql.update(connection, "INSERT INTO session_confirmations (session_id, confirmed_at) VALUES (?, ?)"
                            + " ON CONFLICT DO NOTHING", sessionId, at) == 0) {
                Sql.update(connection, update, at, sessionId);
            }
            return null;
        });
    }

    @Override
    public Optional<Instant> lastConfirmed(long sessionId) {
        return transactions.inTransaction("sudo.last", connection -> Sql.one(connection,
                "SELECT confirmed_at FROM session_confirmations WHERE session_id = ?",
                row -> Sql.instant(row, "confirmed_at"), sessionId));
    }
}
