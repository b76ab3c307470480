package org.latchkey.auth;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.latchkey.Refusal;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Scope;
import org.latchkey.token.TokenTraits;

/**
 * What a service behind a reverse proxy demands of every token it lets through: classic scopes
 * and fine-grained permissions, all of them required. A classic token meets a permission with the
 * scope that grants it, a fine-grained token meets a scope with the permissions that stand for it
 * ({@link #permissionsFor}); a scope that no permission stands for needs a classic token. A
 * session, the user's own sign-in, meets everything, as on every route.
 */
public final class RequiredAccess {

    public static final RequiredAccess NONE = new RequiredAccess(Set.of(), Map.of());

    private final Set<Scope> scopes;
    private final Map<Permission, Level> permissions;
    private final String acceptedHeader;

    private RequiredAccess(Set<Scope> scopes, Map<Permission, Level> permissions) {
        this.scopes = scopes;
        this.permissions = permissions;
        Set<Scope> accepted = scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
        permissions.forEach((permission, level) -> accepted.add(scopeFor(permission, level)));
        this.acceptedHeader = AccessDenied.header(List.copyOf(accepted));
    }

    /** Every one of these scopes and permission levels; none at all lets any live token through. */
    public static RequiredAccess of(Set<Scope> scopes, Map<Permission, Level> permissions) {
        if (scopes.isEmpty() && permissions.isEmpty()) {
            return NONE;
        }
        return new RequiredAccess(scopes.isEmpty() ? Set.of() : EnumSet.copyOf(scopes),
                permissions.isEmpty() ? Map.of() : new EnumMap<>(permissions));
    }

    /** The classic scopes a classic token needs, as {@code X-Accepted-OAuth-Scopes} lists them (empty for none). */
    public String acceptedHeader() {
        return acceptedHeader;
    }

    /** Throws {@link AccessDenied} naming the first scope or permission the caller's token lacks. */
    public void check(Principal principal) {
        if (this == NONE || principal.isSession()) {
            return;
        }
        TokenTraits token = principal.token();
        if (token.isFineGrained()) {
            checkFineGrained(token);
        } else {
            checkClassic(token);
        }
    }

    private void checkClassic(TokenTraits token) {
        for (Scope scope : scopes) {
            if (!token.scopes().allows(scope)) {
                throw AccessDenied.missingScope(List.of(scope));
            }
        }
        permissions.forEach((permission, level) -> {
            Scope scope = scopeFor(permission, level);
            if (!token.scopes().allows(scope)) {
                throw AccessDenied.of(Refusal.Kind.FORBIDDEN, "insufficient_scope",
                        AccessDenied.lacksScope(List.of(scope), "that stands for " + wire(permission, level)
                                + ", which this resource requires"),
                        AccessDenied.REGENERATE_WITH_SCOPE, scope.wireName(), wire(permission, level));
            }
        });
    }

    private void checkFineGrained(TokenTraits token) {
        for (Scope scope : scopes) {
            Map<Permission, Level> standIns = permissionsFor(scope);
            if (standIns.isEmpty()) {
                throw AccessDenied.of(Refusal.Kind.FORBIDDEN, "insufficient_scope", "This resource requires the '"
                        + scope.wireName() + "' scope, which no fine-grained permission stands for.",
                        "Use a classic token with the '" + scope.wireName() + "' scope.", scope.wireName(), null);
            }
            standIns.forEach((permission, level) -> requirePermission(token, permission, level,
                    " (what the '" + scope.wireName() + "' scope stands for)"));
        }
        permissions.forEach((permission, level) -> requirePermission(token, permission, level, ""));
    }

    private static void requirePermission(TokenTraits token, Permission permission, Level level, String standingFor) {
        if (!token.fineGrained().permissions().allows(permission, level)) {
            String wire = wire(permission, level);
            throw AccessDenied.of(Refusal.Kind.FORBIDDEN, "missing_permission", "This token lacks the " + wire
                    + " permission" + standingFor + " this resource requires.",
                    "Regenerate it with " + wire + " or create a new token.", null, wire);
        }
    }

    /**
     * The fine-grained permissions that stand for a classic scope: what the scope allows, at the
     * level it allows it ({@code repo} pushes, so {@code contents=write}); empty for a scope about
     * the account itself, which only a classic token holds.
     */
    public static Map<Permission, Level> permissionsFor(Scope scope) {
        return switch (scope) {
            case REPO, PUBLIC_REPO -> Map.of(Permission.CONTENTS, Level.WRITE);
            case WORKFLOW -> Map.of(Permission.WORKFLOWS, Level.WRITE);
            case READ_PACKAGES -> Map.of(Permission.PACKAGES, Level.READ);
            case WRITE_PACKAGES -> Map.of(Permission.PACKAGES, Level.WRITE);
            case DELETE_PACKAGES -> Map.of(Permission.PACKAGES, Level.ADMIN);
            case DELETE_REPO -> Map.of(Permission.ADMINISTRATION, Level.WRITE);
            case READ_ORG -> Map.of(Permission.MEMBERS, Level.READ);
            case ADMIN_ORG -> Map.of(Permission.MEMBERS, Level.WRITE, Permission.ADMINISTRATION, Level.WRITE);
            case READ_USER, USER, READ_AUDIT_LOG, SELF_ROTATE -> Map.of();
        };
    }

    /** The classic scope that grants a permission at a level, as the authoriser reads scopes on private resources. */
    public static Scope scopeFor(Permission permission, Level level) {
        return switch (permission) {
            case CONTENTS, METADATA, ADMINISTRATION -> Scope.REPO;
            case WORKFLOWS -> Scope.WORKFLOW;
            case PACKAGES -> level == Level.READ ? Scope.READ_PACKAGES
                    : level == Level.WRITE ? Scope.WRITE_PACKAGES : Scope.DELETE_PACKAGES;
            case MEMBERS -> level == Level.READ ? Scope.READ_ORG : Scope.ADMIN_ORG;
        };
    }

    private static String wire(Permission permission, Level level) {
        return permission.wireName() + "=" + level.wireName();
    }

    @Override
    public String toString() {
        Set<String> all = new LinkedHashSet<>();
        scopes.forEach(scope -> all.add(scope.wireName()));
        permissions.forEach((permission, level) -> all.add(wire(permission, level)));
        return String.join(", ", all);
    }
}
