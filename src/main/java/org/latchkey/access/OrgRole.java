package org.latchkey.access;

import java.util.Locale;
import java.util.Optional;

/** A member's role in an organisation: owners administer it, members read and write its repositories. */
public enum OrgRole {
    OWNER, MEMBER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrgRole> fromWireName(String name) {
        for (OrgRole role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
