package org.latchkey.access;

import java.util.List;

/** The answer to "may this caller do this?": allowed, or every reason why not, the decisive one first. */
public record Decision(Action action, Target target, List<Denial> denials) {

    public Decision {
        denials = List.copyOf(denials);
    }

    public boolean allowed() {
        return denials.isEmpty();
    }

    /** Throws {@link AccessRefused} with the first reason unless allowed. */
    public void orThrow() {
        if (!allowed()) {
            throw new AccessRefused(this);
        }
    }
}
