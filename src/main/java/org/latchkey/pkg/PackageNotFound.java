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

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "package_not_found";
    }
}
