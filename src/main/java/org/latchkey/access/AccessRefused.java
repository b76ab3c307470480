package org.latchkey.access;

import org.latchkey.Refusal;

/**
 * A denied action as a refusal: "not found" when the caller may not even see the repository or package,
 * "requires authentication" for an anonymous caller, otherwise forbidden with the first reason.
 */
public final class AccessRefused extends Refusal {

    private final Decision decision;

    AccessRefused(Decision decision) {
        super(decision.denials().get(0).explain());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }

    public Denial first() {
        return decision.denials().get(0);
    }

    @Override
    public Kind kind() {
        return switch (first().code()) {
            case Denial.NOT_FOUND, Denial.PACKAGE_NOT_FOUND -> Kind.NOT_FOUND;
            case Denial.AUTHENTICATION_REQUIRED -> Kind.UNAUTHENTICATED;
            default -> Kind.FORBIDDEN;
        };
    }

    @Override
    public String code() {
        return first().code();
    }
}
