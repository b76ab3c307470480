package org.latchkey.access;

/** What an account itself may do with an owner's resources, whatever token it uses. */
public enum Right {
    NONE, READ, WRITE, ADMIN;

    public boolean covers(Right needed) {
        return compareTo(needed) >= 0;
    }
}
