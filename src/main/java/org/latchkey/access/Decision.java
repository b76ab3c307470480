package org.latchkey.access;

import java.util.List;
import org.latchkey.Refusal;
import org.latchkey.auth.AccessDenied;

/** The answer to "may this caller do this?": allowed, or every reason why not, the decisive one first. */
public record Decision(Action action, Target target, List<Denial> denials) {

    public Decision {
        denials = List.copyOf(denials);
    }

    public boolean allowed() {
        return denials.isEmpty();
    }

    /**
     * Throws {@link AccessDenied} with the first reason unless allowed: "not found" when the caller may
     * not even see the repository or package, "authentication required" for an anonymous caller,
     * otherwise forbidden.
     */
    public void orThrow() {
        if (!allowed()) {
            Denial first = denials.get(0);
            throw AccessDenied.of(kind(first), first.code(), first.message(), first.fix(), accepted(Denial.MISSING_SCOPE),
                    accepted(Denial.MISSING_PERMISSION));
        }
    }

    private static Refusal.Kind kind(Denial denial) {
        return switch (denial.code()) {
            case Denial.NOT_FOUND, Denial.PACKAGE_NOT_FOUND -> Refusal.Kind.NOT_FOUND;
            case Denial.AUTHENTICATION_REQUIRED -> Refusal.Kind.UNAUTHENTICATED;
            default -> Refusal.Kind.FORBIDDEN;
        };
    }

    /** What the last denial of this sort would have accepted, as its header names it, or null. */
    private String accepted(String code) {
        String accepted = null;
        for (Denial denial : denials) {
            if (denial.code().equals(code)) {
                accepted = denial.accepted();
            }
        }
        return accepted;
    }
}
