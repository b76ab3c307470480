package org.latchkey.token;

/** The kinds of token Latchkey issues, each with the prefix its secrets start with. */
public enum TokenType {
    CLASSIC("lkp"),
    FINE_GRAINED("lkf"),
    SESSION("lks"),
    JOB("lkj");

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
