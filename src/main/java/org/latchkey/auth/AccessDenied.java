package org.latchkey.auth;

import java.util.List;
import java.util.stream.Collectors;
import org.latchkey.Refusal;
import org.latchkey.token.Scope;

/**
 * A caller that may not do this, whether a route's {@link Requirement} or the {@code Authorizer}
 * said so: names what is missing and what would fix it (HTTP 403). The authoriser's answer that the
 * caller may not even see the resource, or must authenticate first, is this refusal with that kind.
 * It names the scopes or permission that would have been accepted, for the headers.
 */
public final class AccessDenied extends Refusal {

    /** The fix of every missing scope. */
    public static final String REGENERATE_WITH_SCOPE = "Regenerate it with that scope or create a new token.";

    private final String acceptedScopes;
    private final String acceptedPermission;

    private AccessDenied(Kind kind, String code, String reason, String fix, String acceptedScopes,
                         String acceptedPermission) {
        super(kind, code, reason, fix, null);
        this.acceptedScopes = acceptedScopes;
        this.acceptedPermission = acceptedPermission;
    }

    /**
     * The authoriser's refusal: forbidden unless {@code kind} says the caller may not see the
     * resource or must authenticate; the accepted scopes or permission as their headers say them, or null.
     */
    public static AccessDenied of(Kind kind, String code, String reason, String fix, String acceptedScopes,
                                  String acceptedPermission) {
        return new AccessDenied(kind, code, reason, fix, acceptedScopes, acceptedPermission);
    }

    /** A token without any of the scopes a route accepts. */
    public static AccessDenied missingScope(List<Scope> accepted) {
        return new AccessDenied(Kind.FORBIDDEN, "insufficient_scope", lacksScope(accepted, "this resource requires"),
                REGENERATE_WITH_SCOPE, header(accepted), null);
    }

    /** "This token lacks the 'X' scope" followed by what it is {@code neededFor}, the one wording of a missing scope. */
    public static String lacksScope(List<Scope> accepted, String neededFor) {
        String names = accepted.stream().map(Scope::wireName).collect(Collectors.joining("' or '"));
        return "This token lacks the '" + names + "' scope " + neededFor + ".";
    }

    /** The scopes as the {@code X-Accepted-OAuth-Scopes} header lists them. */
    public static String header(List<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).collect(Collectors.joining(", "));
    }

    public static AccessDenied sessionRequired() {
        return forbidden("session_required", "Managing tokens needs a signed-in session (latchkey login);"
                + " a personal access token cannot manage tokens.");
    }

    /** A job token (minted for a CI job by a trust policy) on a route only people may use. */
    public static AccessDenied jobTokenForbidden() {
        return new AccessDenied(Kind.FORBIDDEN, "job_token_forbidden", "A job token cannot create, regenerate or rotate"
                + " tokens, nor use this route: it reaches only git, npm and the repository and package routes its trust"
                + " policies grant.", "Revoke it when the job ends: DELETE /api/v1/oidc/token.", null, null);
    }

    public static AccessDenied adminRequired() {
        return forbidden("admin_required", "Only a site administrator may do this.");
    }

    private static AccessDenied forbidden(String code, String reason) {
        return new AccessDenied(Kind.FORBIDDEN, code, reason, null, null, null);
    }

    /** The scopes that would have been accepted, as the {@code X-Accepted-OAuth-Scopes} header lists them, or null. */
    public String acceptedScopes() {
        return acceptedScopes;
    }

    /** The permission that would have been accepted, as {@code X-Accepted-Latchkey-Permissions} names it, or null. */
    public String acceptedPermission() {
        return acceptedPermission;
    }
}
