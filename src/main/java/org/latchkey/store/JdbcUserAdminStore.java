package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.latchkey.admin.AdministeredUser;
import org.latchkey.admin.Change;
import org.latchkey.admin.Deletion;
import org.latchkey.admin.UserAdminStore;
import org.latchkey.repo.Repository;
import org.latchkey.token.RevocationReason;

/**
 * Accounts as administrators manage them, in {@code users} and the tables that hang off it. The
 * last sign-in is the newest session token's creation; live tokens are personal tokens neither
 * revoked, deleted nor expired. A deleted account keeps its row with kind {@code deleted} and a
 * login key no login can have, so nothing finds it by login and a new account may take the login.
 */
final class JdbcUserAdminStore implements UserAdminStore {

    private static final String SELECT = "SELECT u.id, u.login, u.email, u.admin, u.password_hash, u.created_at,"
            + " u.disabled_at, u.password_generated,"
            + " (SELECT MAX(s.created_at) FROM tokens s WHERE s.user_id = u.id AND s.type = 'SESSION') AS last_sign_in_at,"
            + " (SELECT COUNT(*) FROM tokens t WHERE t.user_id = u.id AND t.type <> 'SESSION' AND t.revoked_at IS NULL"
            + " AND t.deleted_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)) AS live_tokens"
            + " FROM users u WHERE u.kind = 'user'";

    private final Transactions transactions;
    private final TokenChangeNotice notice;

    JdbcUserAdminStore(Transactions transactions, TokenChangeNotice notice) {
        this.transactions = transactions;
        this.notice = notice;
    }

    @Override
    public List<AdministeredUser> page(int offset, int limit, Instant now) {
        return transactions.read("userAdmin.page", connection -> Sql.list(connection,
                SELECT + " ORDER BY u.id LIMIT ? OFFSET ?", JdbcUserAdminStore::administered, now, limit, offset));
    }

    @Override
    public long count() {
        return transactions.read("userAdmin.count", connection -> Sql.one(connection,
                "SELECT COUNT(*) AS n FROM users WHERE kind = 'user'", row -> row.getLong("n")).orElseThrow());
    }

    @Override
    public Optional<AdministeredUser> find(String login, Instant now) {
        return transactions.read("userAdmin.find", connection -> Sql.one(connection,
                SELECT + " AND u.login_key = ?", JdbcUserAdminStore::administered, now, login.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Change setDisabled(long userId, boolean disable, Instant now) {
        return transactions.inTransaction("userAdmin.setDisabled", connection -> {
            if (disable && lastActiveAdmin(connection, userId)) {
                return Change.LAST_ADMIN;
            }
            Optional<Boolean> disabled = Sql.one(connection, "SELECT disabled_at FROM users WHERE id = ? AND kind = 'user'"
                    + " FOR UPDATE", row -> row.getObject("disabled_at") != null, userId);
            if (disabled.isEmpty() || disabled.get() == disable) {
                return Change.UNCHANGED;
            }
            Sql.update(connection, "UPDATE users SET disabled_at = ? WHERE id = ?", disable ? now : null, userId);
            notice.announceTokensOf(connection, userId);
            if (disable) {
                Sql.update(connection, "UPDATE tokens SET revoked_at = ?, revocation_reason = ? WHERE user_id = ?"
                        + " AND type = 'SESSION' AND revoked_at IS NULL", now, RevocationReason.ACCOUNT_DISABLED, userId);
            }
            return Change.CHANGED;
        });
    }

    @Override
    public Change setAdmin(long userId, boolean admin) {
        return transactions.inTransaction("userAdmin.setAdmin", connection -> {
            if (!admin && lastActiveAdmin(connection, userId)) {
                return Change.LAST_ADMIN;
            }
            Optional<Boolean> current = Sql.one(connection, "SELECT admin FROM users WHERE id = ? AND kind = 'user'"
                    + " FOR UPDATE", row -> row.getBoolean("admin"), userId);
            if (current.isEmpty() || current.get() == admin) {
                return Change.UNCHANGED;
            }
            Sql.update(connection, "UPDATE users SET admin = ? WHERE id = ?", admin, userId);
            notice.announceTokensOf(connection, userId);
            return Change.CHANGED;
        });
    }

    @Override
    public Optional<Deletion> delete(long userId, Long receiverId, Instant now) {
        return transactions.inTransaction("userAdmin.delete", connection -> {
            boolean lastAdmin = lastActiveAdmin(connection, userId);
            if (Sql.one(connection, "SELECT id FROM users WHERE id = ? AND kind = 'user' FOR UPDATE", row -> true, userId)
                    .isEmpty()) {
                return Optional.empty();
            }
            List<String> soleOwnerOf = Sql.list(connection, "SELECT o.login FROM org_memberships m JOIN users o ON o.id = m.org_id"
                    + " WHERE m.user_id = ? AND m.role = 'OWNER' AND NOT EXISTS (SELECT 1 FROM org_memberships x"
                    + " WHERE x.org_id = m.org_id AND x.role = 'OWNER' AND x.user_id <> m.user_id) ORDER BY o.login_key",
                    row -> row.getString("login"), userId);
            boolean receiverGone = receiverId != null && Sql.one(connection, "SELECT id FROM users WHERE id = ?"
                    + " AND kind = 'user' AND disabled_at IS NULL FOR UPDATE", row -> true, receiverId).isEmpty();
            List<String> clashes = receiverId == null || receiverGone ? List.of() : clashes(connection, userId, receiverId);
            if (lastAdmin || receiverGone || !soleOwnerOf.isEmpty() || !clashes.isEmpty()) {
                return Optional.of(new Deletion(soleOwnerOf, clashes, lastAdmin, receiverGone, 0, List.of(), List.of(), 0, 0));
            }
            notice.announceTokensOf(connection, userId);
            int revoked = Sql.update(connection, "UPDATE tokens SET revoked_at = ?, revocation_reason = ? WHERE user_id = ?"
                    + " AND type <> 'SESSION' AND revoked_at IS NULL", now, RevocationReason.ACCOUNT_DELETED, userId);
            Sql.update(connection, "UPDATE tokens SET revoked_at = ?, revocation_reason = ? WHERE user_id = ?"
                    + " AND type = 'SESSION' AND revoked_at IS NULL", now, RevocationReason.ACCOUNT_DELETED, userId);
            Sql.update(connection, "DELETE FROM org_memberships WHERE user_id = ?", userId);
            Sql.update(connection, "UPDATE hooks SET deleted_at = ? WHERE user_id = ? AND deleted_at IS NULL", now, userId);
            Sql.update(connection, "UPDATE notice_deliveries SET state = 'CANCELLED', lease_until = NULL, finished_at = ?"
                    + " WHERE user_id = ? AND state IN ('PENDING', 'SENDING')", now, userId);
            Sql.update(connection, "DELETE FROM recovery_codes WHERE user_id = ?", userId);
            Sql.update(connection, "DELETE FROM two_factor WHERE user_id = ?", userId);
            Deletion deletion = receiverId == null ? deleteOwned(connection, userId, revoked)
                    : transferOwned(connection, userId, receiverId, revoked);
            Sql.update(connection, "UPDATE users SET kind = 'deleted', login_key = ?, email = NULL, password_hash = NULL,"
                    + " admin = FALSE, deleted_at = ? WHERE id = ?", "deleted:" + userId, now, userId);
            return Optional.of(deletion);
        });
    }

    private static Deletion deleteOwned(Connection connection, long userId, int revoked) throws SQLException {
        List<Repository> repositories = Sql.list(connection, JdbcRepositoryStore.SELECT + " WHERE r.owner_id = ?",
                JdbcRepositoryStore::repository, userId);
        List<Long> packages = Sql.list(connection, "SELECT id FROM packages WHERE owner_id = ?", row -> row.getLong("id"),
                userId);
        Sql.update(connection, "DELETE FROM repositories WHERE owner_id = ?", userId);
        Sql.update(connection, "DELETE FROM packages WHERE owner_id = ?", userId);
        return new Deletion(List.of(), List.of(), false, false, revoked, repositories, packages, 0, 0);
    }

    private static Deletion transferOwned(Connection connection, long userId, long receiverId, int revoked)
            throws SQLException {
        int repositories = Sql.update(connection, "UPDATE repositories SET owner_id = ? WHERE owner_id = ?", receiverId, userId);
        int packages = Sql.update(connection, "UPDATE packages SET owner_id = ? WHERE owner_id = ?", receiverId, userId);
        return new Deletion(List.of(), List.of(), false, false, revoked, List.of(), List.of(), repositories, packages);
    }

    private static List<String> clashes(Connection connection, long userId, long receiverId) throws SQLException {
        List<String> clashes = new ArrayList<>();
        clashes.addAll(Sql.list(connection, "SELECT a.name FROM repositories a JOIN repositories b ON b.name_key = a.name_key"
                + " WHERE a.owner_id = ? AND b.owner_id = ? ORDER BY a.name_key",
                row -> "repository " + row.getString("name"), userId, receiverId));
        clashes.addAll(Sql.list(connection, "SELECT a.name FROM packages a JOIN packages b ON b.name_key = a.name_key"
                + " WHERE a.owner_id = ? AND b.owner_id = ? ORDER BY a.name_key",
                row -> "package " + row.getString("name"), userId, receiverId));
        return clashes;
    }

    /**
     * Locks the active administrators (so that concurrent changes see each other) and answers
     * whether the user is the only one left.
     */
    private static boolean lastActiveAdmin(Connection connection, long userId) throws SQLException {
        List<Long> admins = Sql.list(connection, "SELECT id FROM users WHERE kind = 'user' AND admin = TRUE"
                + " AND disabled_at IS NULL ORDER BY id FOR UPDATE", row -> row.getLong("id"));
        return admins.size() == 1 && admins.get(0) == userId;
    }

    private static AdministeredUser administered(ResultSet row) throws SQLException {
        return new AdministeredUser(JdbcUserStore.user(row), Sql.instant(row, "last_sign_in_at"), row.getLong("live_tokens"));
    }
}
