package org.latchkey.trust;

/** The user or organisation a trust policy belongs to, as the caller managing it was allowed to name it. */
public record PolicyOwner(long id, String login, boolean org) {
}
