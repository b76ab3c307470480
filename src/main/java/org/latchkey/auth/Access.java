package org.latchkey.auth;

import java.util.List;
import org.latchkey.token.Scope;

/** What a route demands of its caller: any token, a session, an admin's session, or one of some scopes. */
public final class Access {

    private enum Rule { ANY_TOKEN, SESSION, ADMIN, SCOPE }

    private final Rule rule;
    private final List<Scope> scopes;
    private final String acceptedHeader;

    private Access(Rule rule, List<Scope> scopes) {
        this.rule = rule;
        this.scopes = List.copyOf(scopes);
        this.acceptedHeader = String.join(", ", this.scopes.stream().map(Scope::wireName).toList());
    }

    public static Access anyToken() {
        return new Access(Rule.ANY_TOKEN, List.of());
    }

    public static Access session() {
        return new Access(Rule.SESSION, List.of());
    }

    public static Access admin() {
        return new Access(Rule.ADMIN, List.of());
    }

    /** Personal tokens need one of these scopes; sessions always may. */
    public static Access scope(Scope... anyOf) {
        return new Access(Rule.SCOPE, List.of(anyOf));
    }

    /** The X-Accepted-OAuth-Scopes value for this route. */
    public String acceptedHeader() {
        return acceptedHeader;
    }

    public void check(Principal principal) {
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
