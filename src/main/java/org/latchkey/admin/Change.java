package org.latchkey.admin;

/** What a change of an account's state or role did: changed it, found it already so, or refused it for the last active administrator. */
public enum Change {
    CHANGED, UNCHANGED, LAST_ADMIN
}
