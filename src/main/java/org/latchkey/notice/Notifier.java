package org.latchkey.notice;

/** Tells an account's owner something: the one way domain code sends a notice. */
@FunctionalInterface
public interface Notifier {

    /** Records the notice for delivery unless its key was told before; true when it is new. */
    boolean tell(Notice notice);
}
