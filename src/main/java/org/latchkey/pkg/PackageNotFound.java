package org.latchkey.pkg;

import org.latchkey.Refusal;

/** No such package or version, or one the caller may not see: the same answer either way. */
public final class PackageNotFound extends Refusal {

    public PackageNotFound() {
        super("Package not found.");
    }

    PackageNotFound(String message) {
        super(message);
    }

    /** A name without a scope: every package here belongs to an owner, {@code @owner/name}. */
    public static PackageNotFound unscoped() {
        return new PackageNotFound("Only scoped packages are hosted here: @owner/name, where owner is the user or"
                + " organisation that owns the package.");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "package_not_found";
    }
}
