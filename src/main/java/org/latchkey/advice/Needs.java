package org.latchkey.advice;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.latchkey.access.Action;
import org.latchkey.audit.UsageTotal;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Scope;

/**
 * What a token's allowed uses needed: the fewest classic scopes that cover them, the fine-grained
 * permission levels, the owners and repositories a replacement must name, and the routes only a
 * classic token may call. Reading a public repository needs nothing (anyone may), so it is
 * counted as a use but asks for no scope, permission or repository.
 */
final class Needs {

    /** An owner a replacement token must name: the repositories it must select (name to id), and whether
     *  something was done to the owner itself or to a repository since deleted. */
    static final class Owner {
        final long id;
        final String login;
        final TreeMap<String, Long> repositories = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        boolean withoutRepository;

        Owner(long id, String login) {
            this.id = id;
            this.login = login;
        }
    }

    final EnumSet<Scope> scopes = EnumSet.noneOf(Scope.class);
    final EnumMap<Permission, Level> permissions = new EnumMap<>(Permission.class);
    final Map<Long, Owner> owners = new TreeMap<>();
    final Set<String> classicOnlyRoutes = new LinkedHashSet<>();
    final Map<String, Set<String>> touched = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    int deletedRepositories;

    static Needs of(List<UsageTotal> allowed) {
        Needs needs = new Needs();
        Set<Long> deleted = new TreeSet<>();
        for (UsageTotal use : allowed) {
            if (use.isRoute() || use.accepted() != null) {
                needs.route(use);
            }
            if (!use.isRoute()) {
                Action.fromWireName(use.action()).ifPresent(action -> needs.action(action, use, deleted));
            }
        }
        needs.deletedRepositories = deleted.size();
        needs.reduceScopes();
        return needs;
    }

    private void route(UsageTotal use) {
        List<Scope> accepted = parse(use.accepted());
        if (!accepted.isEmpty()) {
            scopes.add(narrowest(accepted));
            classicOnlyRoutes.add(use.operation());
        }
    }

    private void action(Action action, UsageTotal use, Set<Long> deleted) {
        boolean isPrivate = Boolean.TRUE.equals(use.isPrivate());
        boolean onRepository = use.repositoryId() != null;
        String login = use.ownerLogin() == null ? "owner " + use.ownerId() : use.ownerLogin();
        Set<String> repositories = touched.computeIfAbsent(login, key -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER));
        if (onRepository && use.repositoryName() != null) {
            repositories.add(use.repositoryName());
        } else if (onRepository) {
            deleted.add(use.repositoryId());
        }
        if ((action == Action.PULL || action == Action.READ_METADATA) && onRepository && !isPrivate) {
            return;
        }
        List<Scope> accepted = action.scopes(isPrivate);
        if (!accepted.isEmpty()) {
            scopes.add(narrowest(accepted));
        }
        if (action.permission() != Permission.METADATA) {
            permissions.merge(action.permission(), action.level(), (a, b) -> a.covers(b) ? a : b);
        }
        if (use.ownerLogin() == null) {
            return;
        }
        Owner owner = owners.computeIfAbsent(use.ownerId(), id -> new Owner(id, use.ownerLogin()));
        if (onRepository && use.repositoryName() != null) {
            owner.repositories.put(use.repositoryName(), use.repositoryId());
        } else {
            owner.withoutRepository = true;
        }
    }

    /** Of scopes any one of which allows something, the one every other implies ({@code public_repo} of it and {@code repo}). */
    static Scope narrowest(List<Scope> accepted) {
        for (Scope candidate : accepted) {
            if (accepted.stream().allMatch(other -> other.closure().contains(candidate))) {
                return candidate;
            }
        }
        return accepted.get(0);
    }

    /** Drops scopes implied by another needed scope: {@code repo} and {@code public_repo} are just {@code repo}. */
    private void reduceScopes() {
        EnumSet<Scope> reduced = reduced(scopes);
        scopes.retainAll(reduced);
    }

    static EnumSet<Scope> reduced(Set<Scope> scopes) {
        EnumSet<Scope> reduced = scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
        reduced.removeIf(scope -> scopes.stream().anyMatch(other -> other != scope && other.closure().contains(scope)));
        return reduced;
    }

    private static List<Scope> parse(String accepted) {
        List<Scope> scopes = new ArrayList<>();
        if (accepted != null) {
            for (String name : accepted.split(",")) {
                if (!name.isBlank()) {
                    Optional<Scope> scope = Scope.fromWireName(name);
                    scope.ifPresent(scopes::add);
                }
            }
        }
        return scopes;
    }

    boolean isEmpty() {
        return scopes.isEmpty() && permissions.isEmpty() && owners.isEmpty() && classicOnlyRoutes.isEmpty();
    }
}
