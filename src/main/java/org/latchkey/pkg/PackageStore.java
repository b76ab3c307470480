package org.latchkey.pkg;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Durable storage of package metadata; names are unique per owner regardless of case. */
public interface PackageStore {

    /** Case-insensitive lookup by owner login and package name (without the scope). */
    Optional<Package> find(String ownerLogin, String name);

    /** Stores a new package with no versions; empty when the owner already has one of that name. */
    Optional<Package> create(long ownerId, String name, boolean isPrivate, Instant at);

    /**
     * Adds a version and points the tags at it, in one transaction that also moves the package to
     * its next revision; empty when that version exists.
     */
    Optional<PackageVersion> addVersion(long packageId, NewVersion version, Set<String> tags);

    /** Takes a version back out (a publish whose tarball could not be written). */
    void removeVersion(long packageId, long versionId);

    /** The package's versions, oldest first. */
    List<PackageVersion> versions(long packageId);

    Map<String, String> distTags(long packageId);

    /**
     * Removes versions and replaces the dist-tags, if the package is still at {@code revision};
     * false when it changed meanwhile.
     */
    boolean removeVersions(long packageId, long revision, Set<String> versions, Map<String, String> distTags, Instant at);

    /** Deletes the package and all its versions if it is still at {@code revision}; false when it changed meanwhile. */
    boolean delete(long packageId, long revision);

    /** The owner's packages, by name. */
    List<Package> listByOwner(long ownerId);
}
