package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.latchkey.repo.NewRepository;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryStore;

/** Repositories in the {@code repositories} table; {@code name_key}, the lower-cased name, is unique per owner. */
final class JdbcRepositoryStore implements RepositoryStore {

    static final String SELECT = "SELECT r.id, r.owner_id, u.login AS owner_login, r.name, r.description,"
            + " r.private, r.created_at FROM repositories r JOIN users u ON u.id = r.owner_id";

    private final Transactions transactions;

    JdbcRepositoryStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Repository> insert(NewRepository repository) {
        try {
            return Optional.of(transactions.inTransaction("repositories.insert", connection -> {
                long id = Sql.insert(connection, "INSERT INTO repositories (owner_id, name, name_key, description, private,"
                                + " created_at) VALUES (?, ?, ?, ?, ?, ?)", repository.ownerId(), repository.name(),
                        key(repository.name()), repository.description(), repository.isPrivate(), repository.createdAt());
                return Sql.one(connection, SELECT + " WHERE r.id = ?", JdbcRepositoryStore::repository, id).orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Repository> find(String ownerLogin, String name) {
        return transactions.read("repositories.find", connection -> Sql.one(connection,
                SELECT + " WHERE u.login_key = ? AND r.name_key = ?", JdbcRepositoryStore::repository,
                key(ownerLogin), key(name)));
    }

    @Override
    public Optional<Repository> findById(long id) {
        return transactions.read("repositories.findById", connection ->
                Sql.one(connection, SELECT + " WHERE r.id = ?", JdbcRepositoryStore::repository, id));
    }

    @Override
    public List<Repository> listByOwner(long ownerId) {
        return transactions.read("repositories.listByOwner", connection -> Sql.list(connection,
                SELECT + " WHERE r.owner_id = ? ORDER BY r.name_key", JdbcRepositoryStore::repository, ownerId));
    }

    @Override
    public void delete(long id) {
        transactions.inTransaction("repositories.delete", connection ->
                Sql.update(connection, "DELETE FROM repositories WHERE id = ?", id));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    static Repository repository(ResultSet row) throws SQLException {
        return new Repository(row.getLong("id"), row.getLong("owner_id"), row.getString("owner_login"),
                row.getString("name"), row.getString("description"), row.getBoolean("private"),
                Sql.instant(row, "created_at"));
    }
}
