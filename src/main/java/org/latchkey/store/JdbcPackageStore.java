package org.latchkey.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.latchkey.pkg.NewVersion;
import org.latchkey.pkg.Package;
import org.latchkey.pkg.PackageStore;
import org.latchkey.pkg.PackageVersion;

/**
 * Packages in {@code packages}, their versions in {@code package_versions} and their tags in
 * {@code package_dist_tags}. Every change moves the package to its next revision in the same
 * transaction, and changes that name the revision they read only apply if it is still current.
 */
final class JdbcPackageStore implements PackageStore {

    private static final String SELECT = "SELECT p.id, p.owner_id, u.login AS owner_login, p.name, p.private, p.revision,"
            + " p.created_at, p.updated_at FROM packages p JOIN users u ON u.id = p.owner_id";
    private static final String VERSIONS = "SELECT id, package_id, version, manifest, integrity, shasum, size, published_at"
            + " FROM package_versions";

    private final Transactions transactions;

    JdbcPackageStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Optional<Package> find(String ownerLogin, String name) {
        return transactions.read("packages.find", connection -> Sql.one(connection,
                SELECT + " WHERE u.login_key = ? AND p.name_key = ?", JdbcPackageStore::pkg, key(ownerLogin), key(name)));
    }

    @Override
    public Optional<Package> create(long ownerId, String name, boolean isPrivate, Instant at) {
        try {
            return Optional.of(transactions.inTransaction("packages.create", connection -> {
                long id = Sql.insert(connection, "INSERT INTO packages (owner_id, name, name_key, private, revision,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)", ownerId, name, key(name), isPrivate, at, at);
                return Sql.one(connection, SELECT + " WHERE p.id = ?", JdbcPackageStore::pkg, id).orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<PackageVersion> addVersion(long packageId, NewVersion version, Set<String> tags) {
        try {
            return Optional.of(transactions.inTransaction("packages.addVersion", connection -> {
                long id = Sql.insert(connection, "INSERT INTO package_versions (package_id, version, manifest, integrity,"
                                + " shasum, size, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", packageId,
                        version.version(), version.manifest(), version.integrity(), version.shasum(), version.size(),
                        version.publishedBy(), version.publishedAt());
                for (String tag : tags) {
                    Sql.update(connection, "DELETE FROM package_dist_tags WHERE package_id = ? AND tag = ?", packageId, tag);
                    Sql.update(connection, "INSERT INTO package_dist_tags (package_id, tag, version) VALUES (?, ?, ?)",
                            packageId, tag, version.version());
                }
                bump(connection, packageId, version.publishedAt());
                return Sql.one(connection, VERSIONS + " WHERE id = ?", JdbcPackageStore::version, id).orElseThrow();
            }));
        } catch (StoreException e) {
            if (e.isUniqueViolation()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void removeVersion(long packageId, long versionId) {
        transactions.inTransaction("packages.removeVersion", connection -> {
            Optional<String> version = Sql.one(connection, "SELECT version FROM package_versions WHERE id = ?",
                    row -> row.getString("version"), versionId);
            if (version.isPresent()) {
                Sql.update(connection, "DELETE FROM package_dist_tags WHERE package_id = ? AND version = ?", packageId,
                        version.get());
                Sql.update(connection, "DELETE FROM package_versions WHERE id = ?", versionId);
            }
            return null;
        });
    }

    @Override
    public List<PackageVersion> versions(long packageId) {
        return transactions.read("packages.versions", connection -> Sql.list(connection,
                VERSIONS + " WHERE package_id = ? ORDER BY id", JdbcPackageStore::version, packageId));
    }

    @Override
    public Map<String, String> distTags(long packageId) {
        return transactions.read("packages.distTags", connection -> {
            Map<String, String> tags = new LinkedHashMap<>();
            Sql.each(connection, "SELECT tag, version FROM package_dist_tags WHERE package_id = ? ORDER BY tag",
                    row -> tags.put(row.getString("tag"), row.getString("version")), packageId);
            return tags;
        });
    }

    @Override
    public boolean removeVersions(long packageId, long revision, Set<String> versions, Map<String, String> distTags,
                                  Instant at) {
        return transactions.inTransaction("packages.removeVersions", connection -> {
            if (Sql.update(connection, "UPDATE packages SET revision = revision + 1, updated_at = ? WHERE id = ?"
                    + " AND revision = ?", at, packageId, revision) == 0) {
                return false;
            }
            List<Object[]> removed = new ArrayList<>();
            versions.forEach(version -> removed.add(new Object[] {packageId, version}));
            Sql.batch(connection, "DELETE FROM package_versions WHERE package_id = ? AND version = ?", removed);
            Sql.update(connection, "DELETE FROM package_dist_tags WHERE package_id = ?", packageId);
            List<Object[]> tags = new ArrayList<>();
            distTags.forEach((tag, version) -> tags.add(new Object[] {packageId, tag, version}));
            Sql.batch(connection, "INSERT INTO package_dist_tags (package_id, tag, version) VALUES (?, ?, ?)", tags);
            return true;
        });
    }

    @Override
    public boolean delete(long packageId, long revision) {
        return transactions.inTransaction("packages.delete", connection -> {
            if (Sql.update(connection, "UPDATE packages SET revision = revision + 1 WHERE id = ? AND revision = ?",
                    packageId, revision) == 0) {
                return false;
            }
            Sql.update(connection, "DELETE FROM package_dist_tags WHERE package_id = ?", packageId);
            Sql.update(connection, "DELETE FROM package_versions WHERE package_id = ?", packageId);
            Sql.update(connection, "DELETE FROM packages WHERE id = ?", packageId);
            return true;
        });
    }

    @Override
    public List<Package> listByOwner(long ownerId) {
        return transactions.read("packages.listByOwner", connection -> Sql.list(connection,
                SELECT + " WHERE p.owner_id = ? ORDER BY p.name_key", JdbcPackageStore::pkg, ownerId));
    }

    private static void bump(Connection connection, long packageId, Instant at) throws SQLException {
        Sql.update(connection, "UPDATE packages SET revision = revision + 1, updated_at = ? WHERE id = ?", at, packageId);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Package pkg(ResultSet row) throws SQLException {
        return new Package(row.getLong("id"), row.getLong("owner_id"), row.getString("owner_login"), row.getString("name"),
                row.getBoolean("private"), row.getLong("revision"), Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"));
    }

    private static PackageVersion version(ResultSet row) throws SQLException {
        return new PackageVersion(row.getLong("id"), row.getLong("package_id"), row.getString("version"),
                row.getString("manifest"), row.getString("integrity"), row.getString("shasum"), row.getLong("size"),
                Sql.instant(row, "published_at"));
    }
}
