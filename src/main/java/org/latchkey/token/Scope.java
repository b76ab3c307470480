package org.latchkey.token;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A classic token scope, named as GitHub names it, with the scopes it implies. */
public enum Scope {
    PUBLIC_REPO("public_repo", "Access public repositories"),
    REPO("repo", "Full control of private repositories", PUBLIC_REPO),
    WORKFLOW("workflow", "Update workflow files"),
    READ_PACKAGES("read:packages", "Download packages"),
    WRITE_PACKAGES("write:packages", "Upload packages", READ_PACKAGES),
    DELETE_PACKAGES("delete:packages", "Delete packages"),
    DELETE_REPO("delete_repo", "Delete repositories"),
    READ_USER("read:user", "Read all user profile data"),
    USER("user", "Update all user data", READ_USER),
    READ_ORG("read:org", "Read org and team membership"),
    ADMIN_ORG("admin:org", "Full control of orgs and teams", READ_ORG),
    READ_AUDIT_LOG("read:audit_log", "Read the audit log"),
    SELF_ROTATE("self_rotate", "Rotate this token by API");

    private final String wireName;
    private final String description;
    private final Scope[] implied;

    Scope(String wireName, String description, Scope... implied) {
        this.wireName = wireName;
        this.description = description;
        this.implied = implied;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** This scope and every scope it implies. */
    public Set<Scope> closure() {
        EnumSet<Scope> all = EnumSet.of(this);
        for (Scope scope : implied) {
            all.addAll(scope.closure());
        }
        return all;
    }

    public static Optional<Scope> fromWireName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Scope scope : values()) {
            if (scope.wireName.equals(wanted)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
