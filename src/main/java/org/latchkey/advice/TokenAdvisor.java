package org.latchkey.advice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.latchkey.InvalidField;
import org.latchkey.account.User;
import org.latchkey.advice.Advice.OwnerRepositories;
import org.latchkey.advice.Advice.Use;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageStore;
import org.latchkey.audit.UsageTotal;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.ResourceOwners;
import org.latchkey.token.Scope;
import org.latchkey.token.Token;
import org.latchkey.token.TokenService;

/**
 * "Least privilege" for one of a user's tokens: reads its allowed uses over a window from the usage
 * log and says what it needed, what it never needed, and with what narrower token to replace it.
 * Denied uses are not needs.
 */
public final class TokenAdvisor {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 365;

    private final TokenService tokens;
    private final UsageStore usage;
    private final Suggestions suggestions;
    private final Clock clock;

    public TokenAdvisor(TokenService tokens, UsageStore usage, ResourceOwners owners, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.suggestions = new Suggestions(owners);
        this.clock = clock;
    }

    /** Advice from the last {@code days} days (1 to 365) of the user's token {@code tokenId}. */
    public Advice advise(User user, long tokenId, int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw InvalidField.invalid("days", "must be between 1 and " + MAX_DAYS + ", was " + days);
        }
        Token token = tokens.get(user.id(), tokenId);
        Instant now = clock.instant();
        List<UsageTotal> allowed = usage.totals(token.id(), now.minus(Duration.ofDays(days))).stream()
                .filter(UsageTotal::allowed).toList();
        Needs needs = Needs.of(allowed);
        long total = allowed.stream().mapToLong(UsageTotal::uses).sum();
        Set<String> taken = tokens.list(user.id(), "active").stream().map(Token::name).collect(Collectors.toSet());
        Advice.Suggestion suggestion = suggestions.suggest(user, token, token.stateAt(now), needs, total > 0, days,
                Suggestions.narrowedName(token.name(), taken));
        boolean classic = !token.isFineGrained();
        return new Advice(token.id(), days, total,
                allowed.stream().map(UsageTotal::firstAt).min(Comparator.naturalOrder()).orElse(null),
                allowed.stream().map(UsageTotal::lastAt).max(Comparator.naturalOrder()).orElse(null),
                used(allowed),
                classic ? wireNames(needs.scopes) : null,
                classic ? wireNames(unusedScopes(token, needs)) : null,
                classic ? null : wire(needs.permissions),
                classic ? null : wire(unusedPermissions(token, needs)),
                repositories(needs), suggestion);
    }

    /** Allowed uses summed per action and target, per API route; most used first. */
    private static List<Use> used(List<UsageTotal> allowed) {
        Map<String, Use> uses = new LinkedHashMap<>();
        for (UsageTotal total : allowed) {
            String target = target(total);
            String route = total.isRoute() || total.kind() == UsageKind.API ? total.operation() : null;
            Use use = new Use(total.action(), route, target, total.uses(), total.lastAt());
            uses.merge(use.action() + "|" + use.route() + "|" + target, use, (a, b) -> new Use(a.action(), a.route(),
                    a.target(), a.count() + b.count(), a.lastAt().isAfter(b.lastAt()) ? a.lastAt() : b.lastAt()));
        }
        List<Use> sorted = new ArrayList<>(uses.values());
        sorted.sort(Comparator.comparingLong(Use::count).reversed().thenComparing(Use::lastAt, Comparator.reverseOrder()));
        return sorted;
    }

    private static String target(UsageTotal total) {
        if (total.isRoute() || total.ownerId() == null) {
            return null;
        }
        String owner = total.ownerLogin() == null ? "(deleted owner " + total.ownerId() + ")" : total.ownerLogin();
        if (total.repositoryId() == null) {
            return owner;
        }
        return owner + "/" + (total.repositoryName() == null ? "(deleted repository " + total.repositoryId() + ")"
                : total.repositoryName());
    }

    /** Granted scopes that cover nothing the token needed. */
    private static Set<Scope> unusedScopes(Token token, Needs needs) {
        return token.scopes().granted().stream()
                .filter(granted -> needs.scopes.stream().noneMatch(granted.closure()::contains))
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Scope.class)));
    }

    /** Each granted permission with its granted level, where that level was more than the token needed. */
    private static Map<Permission, Level> unusedPermissions(Token token, Needs needs) {
        Map<Permission, Level> unused = new EnumMap<>(Permission.class);
        Suggestions.granted(token).forEach((permission, level) -> {
            Level needed = needs.permissions.get(permission);
            if (needed == null || level.compareTo(needed) > 0) {
                unused.put(permission, level);
            }
        });
        return unused;
    }

    private static List<OwnerRepositories> repositories(Needs needs) {
        return needs.touched.entrySet().stream()
                .map(entry -> new OwnerRepositories(entry.getKey(), List.copyOf(entry.getValue())))
                .toList();
    }

    private static List<String> wireNames(Set<Scope> scopes) {
        return scopes.stream().map(Scope::wireName).toList();
    }

    private static Map<String, String> wire(Map<Permission, Level> levels) {
        Map<String, String> wire = new LinkedHashMap<>();
        levels.forEach((permission, level) -> wire.put(permission.wireName(), level.wireName()));
        return wire;
    }
}
