package org.latchkey.http.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Scope;

/**
 * The choices of the "Generate new token" forms: scopes grouped under the scope that implies them,
 * and each fine-grained permission with its levels. Public only because the templates read it.
 */
public final class TokenChoices {

    /** A top-level scope and the scopes it implies, as the form groups them. */
    public record ScopeGroup(Scope scope, List<Scope> implied) {
    }

    /** A fine-grained permission and the choices of its select. */
    public record PermissionChoice(Permission permission, List<String> levels) {
        public String label(String level) {
            return switch (level) {
                case "none" -> "No access";
                case "read" -> "Read";
                case "write" -> "Read and write";
                default -> "Admin";
            };
        }
    }

    static final List<ScopeGroup> SCOPE_GROUPS = scopeGroups();
    static final List<PermissionChoice> PERMISSIONS = permissionChoices();

    private TokenChoices() {
    }

    private static List<ScopeGroup> scopeGroups() {
        Set<Scope> implied = EnumSet.noneOf(Scope.class);
        for (Scope scope : Scope.values()) {
            scope.closure().stream().filter(other -> other != scope).forEach(implied::add);
        }
        List<ScopeGroup> groups = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            if (!implied.contains(scope)) {
                groups.add(new ScopeGroup(scope, scope.closure().stream().filter(other -> other != scope).toList()));
            }
        }
        return List.copyOf(groups);
    }

    private static List<PermissionChoice> permissionChoices() {
        List<PermissionChoice> choices = new ArrayList<>();
        for (Permission permission : Permission.values()) {
            List<String> levels = new ArrayList<>();
            levels.add("none");
            permission.levels().stream().map(Level::wireName).forEach(levels::add);
            choices.add(new PermissionChoice(permission, List.copyOf(levels)));
        }
        return List.copyOf(choices);
    }
}
