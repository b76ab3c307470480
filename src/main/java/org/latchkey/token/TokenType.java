package org.latchkey.token;

/** The kinds of token Latchkey issues, each with the prefix its secrets start with. */
public enum TokenType {
    CLASSIC("lkp"),
    FINE_GRAINED("lkf"),
    SESSION("lks"),
    JOB("lkj"),
    /** An OAuth app's access token, issued through the authorization endpoint (eight hours). */
    OAUTH_ACCESS("lko"),
    /** An OAuth app's refresh token: single use, never accepted as a credential by the gate. */
    OAUTH_REFRESH("lkr");

    private final String prefix;

    TokenType(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
