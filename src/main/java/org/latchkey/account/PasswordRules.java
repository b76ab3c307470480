package org.latchkey.account;

import org.latchkey.InvalidField;

/** The strength rules every new password meets, at creation, change and reset alike. */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;

    private PasswordRules() {
    }

    /** Refuses a missing password, or one of the wrong length, naming the field and the rule. */
    public static void check(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw InvalidField.missing(field);
        }
        if (password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
            throw InvalidField.invalid(field, "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters");
        }
    }
}
