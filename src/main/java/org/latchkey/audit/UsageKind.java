package org.latchkey.audit;

import java.util.Locale;

/** How a token was used: through the REST API, over git's smart HTTP protocol, or by an npm client. */
public enum UsageKind {
    API, GIT, NPM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a stored wire name; API for anything unknown. */
    public static UsageKind fromWireName(String name) {
        return switch (name == null ? "" : name) {
            case "git" -> GIT;
            case "npm" -> NPM;
            default -> API;
        };
    }
}
