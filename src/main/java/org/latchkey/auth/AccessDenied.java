package org.latchkey.auth;

import java.util.List;
import org.latchkey.Refusal;
import org.latchkey.token.Scope;

/** An authenticated caller that may not do this: names what is missing (HTTP 403). */
public final class AccessDenied extends Refusal {

    private final String code;
    private final List<Scope> acceptedScopes;

    private AccessDenied(String code, String message, List<Scope> acceptedScopes) {
        super(message);
        this.code = code;
        this.acceptedScopes = List.copyOf(acceptedScopes);
    }

    public static AccessDenied missingScope(List<Scope> accepted) {
        String names = String.join("' or '", accepted.stream().map(Scope::wireName).toList());
        return new AccessDenied("insufficient_scope", "This token lacks the '" + names
                + "' scope this resource requires. Regenerate it with that scope or create a new token.", accepted);
    }

    public static AccessDenied sessionRequired() {
        return new AccessDenied("session_required", "Managing tokens needs a signed-in session (latchkey login);"
                + " a personal access token cannot manage tokens.", List.of());
    }

    /** Not allowed for a reason other than scope, such as not owning the resource. */
    public static AccessDenied permission(String message) {
        return new AccessDenied("permission_denied", message, List.of());
    }

    public static AccessDenied adminRequired() {
        return new AccessDenied("admin_required", "Only a site administrator may do this.", List.of());
    }

    public List<Scope> acceptedScopes() {
        return acceptedScopes;
    }

    @Override
    public Kind kind() {
        return Kind.FORBIDDEN;
    }

    @Override
    public String code() {
        return code;
    }
}
