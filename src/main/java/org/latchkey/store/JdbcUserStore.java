package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.latchkey.account.NewUser;
import org.latchkey.account.StoredLogin;
import org.latchkey.account.User;
import org.latchkey.account.UserStore;

/** Users in the {@code users} table (rows of kind {@code user}); {@code login_key}, the lower-cased login, is unique. */
final class JdbcUserStore implements UserStore {

    private static final String COLUMNS = "id, login, email, admin, password_hash, created_at, disabled_at, password_generated";

    private final Transactions transactions;

    JdbcUserStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<User> insert(NewUser user) {
        try {
            return Optional.of(transactions.inTransaction("users.insert", connection -> {
                long id = Sql.insert(connection,
                        "INSERT INTO users (login, login_key, email, admin, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                        user.login(), key(user.login()), user.email(), user.admin(), user.passwordHash(), user.createdAt());
                return Sql.one(connection, "SELECT " + COLUMNS + " FROM users WHERE id = ?", JdbcUserStore::user, id)
                        .orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findById(long id) {
        return transactions.read("users.findById", connection ->
                Sql.one(connection, "SELECT " + COLUMNS + " FROM users WHERE id = ? AND kind = 'user'", JdbcUserStore::user, id));
    }

    @Override
    public Optional<User> findByLogin(String login) {
        return findLogin(login).map(StoredLogin::user);
    }

    @Override
    public Optional<StoredLogin> findLogin(String login) {
        return transactions.read("users.findLogin", connection ->
                Sql.one(connection, "SELECT " + COLUMNS + " FROM users WHERE login_key = ? AND kind = 'user'",
                        row -> new StoredLogin(user(row), row.getString("password_hash")), key(login)));
    }

    @Override
    public long count() {
        return transactions.read("users.count", connection ->
                Sql.one(connection, "SELECT COUNT(*) AS n FROM users WHERE kind = 'user'", row -> row.getLong("n")).orElseThrow());
    }

    private static String key(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    static User user(ResultSet row) throws SQLException {
        return new User(row.getLong("id"), row.getString("login"), row.getString("email"),
                row.getBoolean("admin"), Sql.instant(row, "created_at"), Sql.instant(row, "disabled_at"),
                row.getBoolean("password_generated"));
    }
}
