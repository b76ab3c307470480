package org.latchkey.auth;

import java.util.List;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenType;

/** What a route demands of its caller: any token, a session, an admin's session, or one of some scopes. */
public final class Requirement {

    private enum Rule { ANY_TOKEN, SESSION, ADMIN, SCOPE }

    private final Rule rule;
    private final List<Scope> scopes;
    private final String acceptedHeader;

    private Requirement(Rule rule, List<Scope> scopes) {
        this.rule = rule;
        this.scopes = List.copyOf(scopes);
        this.acceptedHeader = String.join(", ", this.scopes.stream().map(Scope::wireName).toList());
    }

    public static Requirement anyToken() {
        return new Requirement(Rule.ANY_TOKEN, List.of());
    }

    public static Requirement session() {
        return new Requirement(Rule.SESSION, List.of());
    }

    public static Requirement admin() {
        return new Requirement(Rule.ADMIN, List.of());
    }

    /** Personal tokens need one of these scopes; sessions always may. */
    public static Requirement scope(Scope... anyOf) {
        return new Requirement(Rule.SCOPE, List.of(anyOf));
    }

    /** The X-Accepted-OAuth-Scopes value for this route. */
    public String acceptedHeader() {
        return acceptedHeader;
    }

    public void check(Principal principal) {
        if (rule != Rule.ANY_TOKEN && principal.token().type() == TokenType.JOB) {
            throw AccessDenied.jobTokenForbidden();
        }
        switch (rule) {
            case ANY_TOKEN -> { }
            case SESSION -> requireSession(principal);
            case ADMIN -> {
                requireSession(principal);
                if (!principal.user().admin()) {
                    throw AccessDenied.adminRequired();
                }
            }
            case SCOPE -> requireScope(principal);
        }
    }

    private static void requireSession(Principal principal) {
        if (!principal.isSession()) {
            throw AccessDenied.sessionRequired();
        }
    }

    private void requireScope(Principal principal) {
        if (principal.isSession()) {
            return;
        }
        for (Scope scope : scopes) {
            if (principal.token().scopes().allows(scope)) {
                return;
            }
        }
        throw AccessDenied.missingScope(scopes);
    }
}
