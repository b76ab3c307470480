package org.latchkey.alert;

import java.util.Locale;

/** Each kind of abuse alert, by the name clients see. */
public enum AlertRule {
    REVOKED_TOKEN_USED("A revoked token was used"),
    EXPIRED_TOKEN_USED("An expired token was used"),
    NEW_IP("A token was used from a new address"),
    NEW_USER_AGENT("A token was used by a new client"),
    USAGE_BURST("A token was used far more than usual"),
    FAILED_AUTHENTICATIONS("Many failed attempts to authenticate as you"),
    PASSWORD_CHANGED("Your password was changed"),
    PASSWORD_RESET("Your password was reset");

    private final String title;

    AlertRule(String title) {
        this.title = title;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What a person reads as the notice's subject. */
    public String title() {
        return title;
    }
}
