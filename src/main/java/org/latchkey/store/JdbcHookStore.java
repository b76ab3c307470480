package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.latchkey.notice.Hook;
import org.latchkey.notice.HookStore;
import org.latchkey.notice.NewHook;

/** Webhooks in the {@code hooks} table; the secret column holds only the server key's ciphertext. */
final class JdbcHookStore implements HookStore {

    private static final String COLUMNS = "id, user_id, url, events, created_at";

    private final Transactions transactions;

    JdbcHookStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Hook insert(NewHook hook) {
        return transactions.inTransaction("hooks.insert", connection -> {
            long id = Sql.insert(connection, "INSERT INTO hooks (user_id, url, events, secret_sealed, created_at)"
                            + " VALUES (?, ?, ?, ?, ?)", hook.userId(), hook.url(), String.join(",", hook.events()),
                    hook.sealedSecret(), hook.createdAt());
            return Sql.one(connection, "SELECT " + COLUMNS + " FROM hooks WHERE id = ?", JdbcHookStore::hook, id)
                    .orElseThrow();
        });
    }

    @Override
    public Optional<Hook> find(long userId, long id) {
        return transactions.read("hooks.find", connection -> Sql.one(connection, "SELECT " + COLUMNS
                + " FROM hooks WHERE id = ? AND user_id = ? AND deleted_at IS NULL", JdbcHookStore::hook, id, userId));
    }

    @Override
    public List<Hook> listForUser(long userId) {
        return transactions.read("hooks.listForUser", connection -> Sql.list(connection, "SELECT " + COLUMNS
                + " FROM hooks WHERE user_id = ? AND deleted_at IS NULL ORDER BY id", JdbcHookStore::hook, userId));
    }

    @Override
    public boolean delete(long userId, long id, Instant at) {
        return transactions.inTransaction("hooks.delete", connection -> Sql.update(connection,
                "UPDATE hooks SET deleted_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL", at, id, userId) == 1);
    }

    @Override
    public Optional<String> sealedSecret(long id) {
        return transactions.read("hooks.sealedSecret", connection -> Sql.one(connection,
                "SELECT secret_sealed FROM hooks WHERE id = ?", row -> row.getString("secret_sealed"), id));
    }

    private static Hook hook(ResultSet row) throws SQLException {
        return new Hook(row.getLong("id"), row.getLong("user_id"), row.getString("url"),
                Arrays.asList(row.getString("events").split(",")), Sql.instant(row, "created_at"));
    }
}
