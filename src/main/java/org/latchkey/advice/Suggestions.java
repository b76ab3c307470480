package org.latchkey.advice;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.latchkey.account.User;
import org.latchkey.advice.Advice.Suggestion;
import org.latchkey.token.Expiry;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.ResourceOwner;
import org.latchkey.token.ResourceOwners;
import org.latchkey.token.Scope;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;

/**
 * What to do with a token given what it needed: revoke it when it needed nothing, otherwise
 * replace it by the narrowest token that does the same (fine-grained, on exactly the repositories
 * used, at the lowest permission levels, within every owner's lifetime policy; classic, with the
 * fewest scopes, when it called routes only classic tokens may call), or keep it when that is it.
 */
final class Suggestions {

    static final int MAX_OWNERS = 10;
    static final int MAX_REPOSITORIES = 100;
    private static final int MAX_NAME = 100;

    private final ResourceOwners owners;

    Suggestions(ResourceOwners owners) {
        this.owners = owners;
    }

    Suggestion suggest(User user, Token token, TokenState state, Needs needs, boolean used, int days, String name) {
        String window = "in the last " + days + (days == 1 ? " day" : " days");
        if (!used) {
            return state == TokenState.ACTIVE
                    ? new Suggestion("revoke", "Not used " + window + ": revoke it, and create a token again when"
                            + " something needs one.", CommandLine.of(List.of("latchkey", "token", "revoke",
                            Long.toString(token.id()))), null)
                    : new Suggestion("revoke", "Not used " + window + ", and already " + state.wireName()
                            + ": delete it to stop listing it.", CommandLine.of(List.of("latchkey", "token", "delete",
                            Long.toString(token.id()))), null);
        }
        if (!needs.classicOnlyRoutes.isEmpty()) {
            return classic(token, needs, window, name);
        }
        return fineGrained(user, token, needs, window, name);
    }

    private static Suggestion classic(Token token, Needs needs, String window, String name) {
        String routes = String.join(", ", needs.classicOnlyRoutes);
        String scopes = names(needs.scopes);
        String why = "Fine-grained tokens cannot call " + routes + ", so a classic token with " + scopes + " is still needed";
        if (needs.scopes.equals(Needs.reduced(token.scopes().granted()))) {
            return Suggestion.keep(why + ", and this token has exactly that " + window + ".");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("scopes", needs.scopes.stream().map(Scope::wireName).toList());
        request.put("expires_in_days", Expiry.DEFAULT_DAYS);
        String command = CommandLine.of(List.of("latchkey", "token", "create", "--name", name, "--scopes",
                String.join(",", needs.scopes.stream().map(Scope::wireName).toList()), "--expires", Expiry.DEFAULT_DAYS + "d"));
        return new Suggestion("narrow", why + " (" + window + " it needed " + scopes + " of "
                + token.scopes().header() + "). Consider a fine-grained token for the repository work and a classic"
                + " token with only the scopes those routes need.", command, request);
    }

    private Suggestion fineGrained(User user, Token token, Needs needs, String window, String name) {
        if (needs.owners.size() > MAX_OWNERS) {
            return Suggestion.keep("It acted on " + needs.owners.size() + " owners " + window
                    + "; a fine-grained token may name at most " + MAX_OWNERS + ".");
        }
        List<Resource> resources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int maxDays = Expiry.DEFAULT_DAYS;
        for (Needs.Owner owner : needs.owners.values()) {
            Optional<ResourceOwner> found = owners.find(user.id(), owner.login);
            if (found.isEmpty()) {
                notes.add("It also acted on " + owner.login + ", which you can no longer name in a token.");
                continue;
            }
            ResourceOwner resourceOwner = found.get();
            resources.add(resource(resourceOwner, owner));
            maxDays = Math.min(maxDays, resourceOwner.policy().effectiveMaxLifetimeDays());
            if (resourceOwner.isOrg() && resourceOwner.policy().requireApproval() && !resourceOwner.isOwner()) {
                notes.add("An owner of " + resourceOwner.login() + " must approve the new token before it works there.");
            }
        }
        if (resources.isEmpty()) {
            resources.add(new Resource(user.id(), user.login(), ResourceGrant.Selection.PUBLIC, Map.of()));
        }
        if (needs.deletedRepositories > 0) {
            notes.add(needs.deletedRepositories + (needs.deletedRepositories == 1 ? " repository it used was" : " repositories it used were")
                    + " deleted since, and " + (needs.deletedRepositories == 1 ? "is" : "are") + " left out.");
        }
        EnumMap<Permission, Level> permissions = needs.permissions;
        if (token.isFineGrained() && same(token, permissions, resources)) {
            return Suggestion.keep("It needed every permission and repository it has " + window + ": "
                    + permissionsText(permissions) + " on " + describe(resources) + ".");
        }
        String reason = "It needed only " + permissionsText(permissions) + " on " + describe(resources) + " " + window
                + (token.isFineGrained() ? " (it has " + permissionsText(granted(token)) + " on " + grants(token) + ")"
                        : " (it is a classic token with " + token.scopes().header() + ", which covers every repository)")
                + ". A fine-grained token with just that does the same and nothing more."
                + (notes.isEmpty() ? "" : " " + String.join(" ", notes));
        return new Suggestion("narrow", reason, command(name, resources, permissions, maxDays),
                request(name, resources, permissions, maxDays));
    }

    private static Resource resource(ResourceOwner owner, Needs.Owner need) {
        if (need.repositories.isEmpty()) {
            return new Resource(owner.id(), owner.login(), ResourceGrant.Selection.PUBLIC, Map.of());
        }
        if (need.repositories.size() > MAX_REPOSITORIES) {
            return new Resource(owner.id(), owner.login(), ResourceGrant.Selection.ALL, Map.of());
        }
        return new Resource(owner.id(), owner.login(), ResourceGrant.Selection.SELECTED, need.repositories);
    }

    private static boolean same(Token token, Map<Permission, Level> permissions, List<Resource> resources) {
        if (!granted(token).equals(permissions) || token.fineGrained().resources().size() != resources.size()) {
            return false;
        }
        return resources.stream().allMatch(resource -> token.fineGrained().grantFor(resource.ownerId())
                .filter(resource::sameAs).isPresent());
    }

    /** A fine-grained token's permissions without {@code metadata=read}, which every one has. */
    static EnumMap<Permission, Level> granted(Token token) {
        EnumMap<Permission, Level> granted = new EnumMap<>(Permission.class);
        token.fineGrained().permissions().wire().forEach((permission, level) -> Permission.fromWireName(permission)
                .filter(p -> p != Permission.METADATA)
                .ifPresent(p -> Level.fromWireName(level).ifPresent(l -> granted.put(p, l))));
        return granted;
    }

    private static String grants(Token token) {
        return token.fineGrained().resources().stream().map(grant -> grant.ownerLogin() + ": "
                + (grant.selection() == ResourceGrant.Selection.SELECTED ? grant.repositoryIds().size() + " selected repositories"
                        : grant.selection().wireName() + " repositories")).collect(Collectors.joining("; "));
    }

    private static String command(String name, List<Resource> resources, Map<Permission, Level> permissions, int days) {
        List<String> args = new ArrayList<>(List.of("latchkey", "token", "create", "--name", name, "--type", "fine-grained"));
        for (Resource resource : resources) {
            args.add("--resource");
            args.add(resource.cliValue());
        }
        permissions.forEach((permission, level) -> {
            args.add("--permission");
            args.add(permission.wireName() + "=" + level.wireName());
        });
        args.add("--expires");
        args.add(days + "d");
        return CommandLine.of(args);
    }

    private static Map<String, Object> request(String name, List<Resource> resources, Map<Permission, Level> permissions,
                                               int days) {
        Map<String, String> levels = new LinkedHashMap<>();
        permissions.forEach((permission, level) -> levels.put(permission.wireName(), level.wireName()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("type", "fine_grained");
        request.put("resources", resources.stream().map(Resource::json).toList());
        request.put("permissions", levels);
        request.put("expires_in_days", days);
        return request;
    }

    private static String describe(List<Resource> resources) {
        return resources.stream().map(Resource::describe).collect(Collectors.joining("; "));
    }

    static String permissionsText(Map<Permission, Level> permissions) {
        return permissions.isEmpty() ? "metadata=read" : permissions.entrySet().stream()
                .map(e -> e.getKey().wireName() + "=" + e.getValue().wireName()).collect(Collectors.joining(", "));
    }

    private static String names(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).collect(Collectors.joining(", "));
    }

    /** {@code "<name> (narrowed)"}, or {@code "(narrowed 2)"} and so on past names already taken, within 100 characters. */
    static String narrowedName(String name, Set<String> taken) {
        for (int n = 1; ; n++) {
            String suffix = n == 1 ? " (narrowed)" : " (narrowed " + n + ")";
            String base = name.length() + suffix.length() > MAX_NAME ? name.substring(0, MAX_NAME - suffix.length()).strip() : name;
            if (!taken.contains(base + suffix)) {
                return base + suffix;
            }
        }
    }
}
