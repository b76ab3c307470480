package org.latchkey.pkg;

import org.latchkey.Refusal;

/** A version that is already published, or a change made from a stale copy of the package (HTTP 409). */
public final class PackageConflict extends Refusal {

    private final String code;

    private PackageConflict(String code, String message) {
        super(message);
        this.code = code;
    }

    static PackageConflict versionExists(String fullName, String version) {
        return new PackageConflict("version_exists", "Cannot publish over the previously published version " + version
                + " of " + fullName + ". Bump the version in package.json and publish again.");
    }

    static PackageConflict stale(String fullName) {
        return new PackageConflict("stale_revision", fullName + " changed since it was read. Try again.");
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }

    @Override
    public String code() {
        return code;
    }
}
