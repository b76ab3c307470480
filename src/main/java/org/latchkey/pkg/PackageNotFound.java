package org.latchkey.pkg;

import org.latchkey.Refusal;
import org.latchkey.access.Denial;

/** No such package or version, or one the caller may not see: the same answer either way. */
public final class PackageNotFound extends Refusal {

    public PackageNotFound() {
        this(Denial.PACKAGE_NOT_FOUND_REASON);
    }

    PackageNotFound(String message) {
        super(Kind.NOT_FOUND, Denial.PACKAGE_NOT_FOUND, message, null, null);
    }

    /** A name without a scope: every package here belongs to an owner, {@code @owner/name}. */
    public static PackageNotFound unscoped() {
        return new PackageNotFound("Only scoped packages are hosted here: @owner/name, where owner is the user or"
                + " organisation that owns the package.");
    }
}
