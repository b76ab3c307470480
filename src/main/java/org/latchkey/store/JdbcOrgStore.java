package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.latchkey.access.OrgRole;
import org.latchkey.org.Membership;
import org.latchkey.org.Org;
import org.latchkey.org.OrgStore;
import org.latchkey.token.TokenPolicy;

/** Organisations as {@code users} rows of kind {@code org}, with {@code org_memberships} and {@code org_token_policies}. */
final class JdbcOrgStore implements OrgStore {

    private static final String SELECT = "SELECT id, login, created_at FROM users WHERE kind = 'org' AND ";

    private final Transactions transactions;

    JdbcOrgStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Org> create(String login, long ownerId, Instant now) {
        try {
            return Optional.of(transactions.inTransaction("orgs.create", connection -> {
                long id = Sql.insert(connection, "INSERT INTO users (login, login_key, admin, created_at, kind)"
                        + " VALUES (?, ?, FALSE, ?, 'org')", login, key(login), now);
                Sql.update(connection, "INSERT INTO org_memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                        id, ownerId, OrgRole.OWNER.name(), now);
                return Sql.one(connection, SELECT + "id = ?", JdbcOrgStore::org, id).orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Org> find(String login) {
        return transactions.read("orgs.find", connection ->
                Sql.one(connection, SELECT + "login_key = ?", JdbcOrgStore::org, key(login)));
    }

    @Override
    public Optional<Org> findById(long id) {
        return transactions.read("orgs.findById", connection -> Sql.one(connection, SELECT + "id = ?", JdbcOrgStore::org, id));
    }

    @Override
    public List<Org> orgsOf(long userId) {
        return transactions.read("orgs.orgsOf", connection -> Sql.list(connection,
                SELECT + "id IN (SELECT org_id FROM org_memberships WHERE user_id = ?) ORDER BY login_key",
                JdbcOrgStore::org, userId));
    }

    @Override
    public List<Membership> members(long orgId) {
        return transactions.read("orgs.members", connection -> Sql.list(connection,
                "SELECT m.org_id, m.user_id, u.login, m.role, m.created_at FROM org_memberships m"
                        + " JOIN users u ON u.id = m.user_id WHERE m.org_id = ? ORDER BY u.login_key",
                row -> new Membership(row.getLong("org_id"), row.getLong("user_id"), row.getString("login"),
                        OrgRole.valueOf(row.getString("role")), Sql.instant(row, "created_at")), orgId));
    }

    @Override
    public Optional<OrgRole> role(long orgId, long userId) {
        return transactions.read("orgs.role", connection -> Sql.one(connection,
                "SELECT role FROM org_memberships WHERE org_id = ? AND user_id = ?",
                row -> OrgRole.valueOf(row.getString("role")), orgId, userId));
    }

    @Override
    public void putMember(long orgId, long userId, OrgRole role, Instant now) {
        transactions.inTransaction("orgs.putMember", connection -> {
            int updated = Sql.update(connection, "UPDATE org_memberships SET role = ? WHERE org_id = ? AND user_id = ?",
                    role.name(), orgId, userId);
            if (updated == 0) {
                Sql.update(connection, "INSERT INTO org_memberships (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                        orgId, userId, role.name(), now);
            }
            return null;
        });
    }

    @Override
    public boolean removeMember(long orgId, long userId) {
        return transactions.inTransaction("orgs.removeMember", connection ->
                Sql.update(connection, "DELETE FROM org_memberships WHERE org_id = ? AND user_id = ?", orgId, userId) > 0);
    }

    @Override
    public TokenPolicy policy(long orgId) {
        return transactions.read("orgs.policy", connection -> Sql.one(connection,
                "SELECT forbid_classic, max_lifetime_days, require_approval, revoke_unused_after_days, require_two_factor"
                        + " FROM org_token_policies WHERE org_id = ?",
                JdbcOrgStore::policy, orgId)).orElse(TokenPolicy.DEFAULT);
    }

    @Override
    public void putPolicy(long orgId, TokenPolicy policy) {
        transactions.inTransaction("orgs.putPolicy", connection -> {
            int updated = Sql.update(connection, "UPDATE org_token_policies SET forbid_classic = ?, max_lifetime_days = ?,"
                    + " require_approval = ?, revoke_unused_after_days = ?, require_two_factor = ? WHERE org_id = ?",
                    policy.forbidClassic(), policy.maxLifetimeDays(), policy.requireApproval(), policy.revokeUnusedAfterDays(),
                    policy.requireTwoFactor(), orgId);
            if (updated == 0) {
                Sql.update(connection, "INSERT INTO org_token_policies (org_id, forbid_classic, max_lifetime_days,"
                        + " require_approval, revoke_unused_after_days, require_two_factor) VALUES (?, ?, ?, ?, ?, ?)", orgId,
                        policy.forbidClassic(), policy.maxLifetimeDays(), policy.requireApproval(), policy.revokeUnusedAfterDays(),
                        policy.requireTwoFactor());
            }
            return null;
        });
    }

    @Override
    public Integer shortestRevokeUnusedAfterDays() {
        return transactions.read("orgs.shortestRevokeUnused", connection -> Sql.one(connection,
                "SELECT MIN(revoke_unused_after_days) AS days FROM org_token_policies", row -> {
                    int days = row.getInt("days");
                    return row.wasNull() ? java.util.Optional.<Integer>empty() : java.util.Optional.of(days);
                })).flatMap(days -> days).orElse(null);
    }

    private static TokenPolicy policy(ResultSet row) throws SQLException {
        int days = row.getInt("max_lifetime_days");
        Integer maxLifetimeDays = row.wasNull() ? null : days;
        int unused = row.getInt("revoke_unused_after_days");
        Integer revokeUnusedAfterDays = row.wasNull() ? null : unused;
        return new TokenPolicy(row.getBoolean("forbid_classic"), maxLifetimeDays, row.getBoolean("require_approval"),
                revokeUnusedAfterDays, row.getBoolean("require_two_factor"));
    }

    private static String key(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    private static Org org(ResultSet row) throws SQLException {
        return new Org(row.getLong("id"), row.getString("login"), Sql.instant(row, "created_at"));
    }
}
