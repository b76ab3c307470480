package org.latchkey.access;

import org.latchkey.Refusal;

/**
 * One reason an action is not allowed: a stable code, what is wrong, and what would fix it.
 * {@code accepted} names what would have been accepted (scopes or a permission), for the headers.
 */
public record Denial(String code, String message, String fix, String accepted) {

    public static final String NOT_FOUND = "repository_not_found";
    public static final String PACKAGE_NOT_FOUND = "package_not_found";
    public static final String AUTHENTICATION_REQUIRED = Refusal.AUTHENTICATION_REQUIRED;
    public static final String MISSING_SCOPE = "missing_scope";
    public static final String MISSING_PERMISSION = "missing_permission";
    public static final String TWO_FACTOR_REQUIRED = "two_factor_required";
    /** The whole answer to a repository the caller may not see or that does not exist: GitHub's, either way. */
    public static final String REPOSITORY_NOT_FOUND_REASON = "Repository not found.";
    /** The whole answer to a package the caller may not see or that does not exist. */
    public static final String PACKAGE_NOT_FOUND_REASON = "Package not found.";

    static Denial of(String code, String message, String fix) {
        return new Denial(code, message, fix, null);
    }

    /** The message and its fix, as one sentence pair for an error body or a git remote line. */
    public String explain() {
        return fix == null ? message : message + " " + fix;
    }
}
