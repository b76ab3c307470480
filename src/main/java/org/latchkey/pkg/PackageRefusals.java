package org.latchkey.pkg;

import java.util.List;
import org.latchkey.Refusal;

/** The refusals of publishing and changing packages (a missing package is {@link PackageNotFound}). */
public final class PackageRefusals {

    private PackageRefusals() {
    }

    /** A publish or change that cannot be accepted as sent: a bad name or version, a tarball that fails its checksum. */
    public static Refusal invalid(String reason) {
        return Refusal.badInput("invalid_package", reason);
    }

    /** A publish refused by {@link PublishProtection}: the package holds a live token, at the locations named. */
    static Refusal secretInPackage(String fullName, String version, List<String> locations) {
        return Refusal.of(Refusal.Kind.INVALID_FIELD, "secret_detected", "publish of " + fullName + "@" + version
                + " declined: the package contains a live Latchkey token (push protection): "
                + String.join("; ", locations) + ".", "Remove the token from the package (from the file or package.json"
                + " field named; a file not meant to be published goes in .npmignore or out of the \"files\" list),"
                + " then regenerate the token, since it was exposed: latchkey token regenerate ID.");
    }

    static Refusal versionExists(String fullName, String version) {
        return Refusal.conflict("version_exists", "Cannot publish over the previously published version " + version
                + " of " + fullName + ".", "Bump the version in package.json and publish again.");
    }

    /** A change made from a stale copy of the package. */
    static Refusal stale(String fullName) {
        return Refusal.conflict("stale_revision", fullName + " changed since it was read.", "Try again.");
    }
}
