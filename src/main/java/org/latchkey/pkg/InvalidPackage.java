package org.latchkey.pkg;

import org.latchkey.Refusal;

/** A publish or change that cannot be accepted as sent: a bad name or version, a tarball that fails its checksum. */
public final class InvalidPackage extends Refusal {

    public InvalidPackage(String message) {
        super(message);
    }

    @Override
    public Kind kind() {
        return Kind.BAD_INPUT;
    }

    @Override
    public String code() {
        return "invalid_package";
    }
}
