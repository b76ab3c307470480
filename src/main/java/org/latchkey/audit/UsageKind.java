package org.latchkey.audit;

import java.util.Locale;

/** How a token was used: through the REST API or over git's smart HTTP protocol. */
public enum UsageKind {
    API, GIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind for a stored wire name; API for anything unknown. */
    public static UsageKind fromWireName(String name) {
        return "git".equals(name) ? GIT : API;
    }
}
