package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.latchkey.token.Permissions;
import org.latchkey.trust.ClaimRule;
import org.latchkey.trust.NewTrustPolicy;
import org.latchkey.trust.TrustPolicy;
import org.latchkey.trust.TrustPolicyStore;

/** Trust policies in {@code trust_policies}: claims and repositories as JSON objects of strings, packages comma-separated. */
final class JdbcTrustPolicyStore implements TrustPolicyStore {

    private static final String SELECT = "SELECT p.id, p.owner_id, u.login, u.kind, p.created_by, p.name, p.issuer, p.claims,"
            + " p.repositories, p.packages, p.permissions, p.lifetime_minutes, p.created_at"
            + " FROM trust_policies p JOIN users u ON u.id = p.owner_id ";

    private final Transactions transactions;

    JdbcTrustPolicyStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<TrustPolicy> insert(NewTrustPolicy policy) {
        Map<String, String> claims = new LinkedHashMap<>();
        policy.claims().forEach((name, rule) -> claims.put(name, rule.wire()));
        Map<String, String> repositories = new LinkedHashMap<>();
        policy.repositories().forEach((name, id) -> repositories.put(name, Long.toString(id)));
        try {
            return Optional.of(transactions.inTransaction("trustPolicies.insert", connection -> {
                long id = Sql.insert(connection, "INSERT INTO trust_policies (owner_id, created_by, name, name_key, issuer,"
                                + " claims, repositories, packages, permissions, lifetime_minutes, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        policy.ownerId(), policy.createdBy(), policy.name(), policy.name().toLowerCase(Locale.ROOT),
                        policy.issuer(), StringMaps.toJson(claims), StringMaps.toJson(repositories),
                        String.join(",", policy.packages()), policy.permissions().encode(), policy.lifetimeMinutes(),
                        policy.createdAt());
                return Sql.one(connection, SELECT + "WHERE p.id = ?", JdbcTrustPolicyStore::policy, id).orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<TrustPolicy> find(long id) {
        return transactions.read("trustPolicies.find", connection ->
                Sql.one(connection, SELECT + "WHERE p.id = ?", JdbcTrustPolicyStore::policy, id));
    }

    @Override
    public List<TrustPolicy> listByOwner(long ownerId) {
        return transactions.read("trustPolicies.listByOwner", connection ->
                Sql.list(connection, SELECT + "WHERE p.owner_id = ? ORDER BY p.id", JdbcTrustPolicyStore::policy, ownerId));
    }

    @Override
    public List<TrustPolicy> listByIssuer(String issuer) {
        return transactions.read("trustPolicies.listByIssuer", connection ->
                Sql.list(connection, SELECT + "WHERE p.issuer = ? ORDER BY p.id", JdbcTrustPolicyStore::policy, issuer));
    }

    @Override
    public boolean delete(long id) {
        return transactions.inTransaction("trustPolicies.delete", connection ->
                Sql.update(connection, "DELETE FROM trust_policies WHERE id = ?", id) > 0);
    }

    private static TrustPolicy policy(ResultSet row) throws SQLException {
        Map<String, ClaimRule> claims = new LinkedHashMap<>();
        StringMaps.fromJson(row.getString("claims")).forEach((name, value) -> claims.put(name, rule(name, value)));
        Map<String, Long> repositories = new LinkedHashMap<>();
        StringMaps.fromJson(row.getString("repositories")).forEach((name, id) -> repositories.put(name, Long.parseLong(id)));
        String packages = row.getString("packages");
        return new TrustPolicy(row.getLong("id"), row.getLong("owner_id"), row.getString("login"),
                "org".equals(row.getString("kind")), row.getLong("created_by"), row.getString("name"),
                row.getString("issuer"), claims, repositories,
                packages.isEmpty() ? List.of() : Arrays.asList(packages.split(",")),
                Permissions.decode(row.getString("permissions")), row.getInt("lifetime_minutes"),
                Sql.instant(row, "created_at"));
    }

    /** A stored rule, read back as written: a trailing * is a prefix. */
    private static ClaimRule rule(String name, String wire) {
        return wire.endsWith("*") ? new ClaimRule(name, wire.substring(0, wire.length() - 1), true)
                : new ClaimRule(name, wire, false);
    }
}
