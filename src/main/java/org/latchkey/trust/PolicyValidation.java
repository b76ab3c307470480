package org.latchkey.trust;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;
import org.latchkey.token.Permissions;
import org.latchkey.token.ResourceOwners;

/** Checks each field of a trust policy request, refusing the first fault with a 422 naming its field. */
final class PolicyValidation {

    static final int DEFAULT_LIFETIME = 15;
    static final int MAX_LIFETIME = 60;
    private static final int MAX_NAME = 100;
    private static final int MAX_CLAIMS = 20;
    private static final int MAX_ITEMS = 100;
    private static final int MAX_ISSUER = 255;
    private static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9~-][a-z0-9._~-]*");
    private static final Set<Permission> GRANTABLE = Set.of(Permission.CONTENTS, Permission.PACKAGES);

    private final IssuerTrust issuers;
    private final ResourceOwners owners;
    private final boolean allowHttpIssuers;

    PolicyValidation(IssuerTrust issuers, ResourceOwners owners, boolean allowHttpIssuers) {
        this.issuers = issuers;
        this.owners = owners;
        this.allowHttpIssuers = allowHttpIssuers;
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw InvalidField.missing("name");
        }
        return Text.requireClean("name", name, MAX_NAME, false);
    }

    /** An issuer as its ID tokens' {@code iss} says it (compared exactly), that the server trusts. */
    String issuer(String issuer) {
        if (issuer == null || issuer.isEmpty()) {
            throw InvalidField.missing("issuer");
        }
        Text.requireClean("issuer", issuer, MAX_ISSUER, false);
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            throw InvalidField.invalid("issuer", "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("https") && !(allowHttpIssuers && scheme.equals("http"))) {
            throw InvalidField.invalid("issuer", "must be an https URL" + (allowHttpIssuers ? " (or http)" : "")
                    + ", such as " + Provider.GITHUB_ISSUER);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !issuer.equals(issuer.strip())) {
            throw InvalidField.invalid("issuer", "must be a plain URL with a host and no user, query or fragment, as the"
                    + " iss claim of the CI system's ID tokens has it");
        }
        if (!issuers.isTrusted(issuer)) {
            throw InvalidField.invalid("issuer", "is not an issuer this server trusts; an administrator must trust it"
                    + " first (POST /api/v1/admin/oidc-issuers)");
        }
        return issuer;
    }

    static Map<String, ClaimRule> claims(String issuer, Map<String, Object> claims) {
        if (claims == null || claims.isEmpty()) {
            throw InvalidField.missing("claims");
        }
        if (claims.size() > MAX_CLAIMS) {
            throw InvalidField.invalid("claims", "at most " + MAX_CLAIMS + " claims");
        }
        Map<String, ClaimRule> rules = new LinkedHashMap<>();
        claims.forEach((claim, value) -> rules.put(claim, ClaimRule.parse(claim, value)));
        Provider.of(issuer, rules).requirePinned(issuer, rules);
        return rules;
    }

    static Permissions permissions(Map<String, String> wire) {
        if (wire == null || wire.isEmpty()) {
            throw InvalidField.missing("permissions");
        }
        EnumMap<Permission, Level> levels = new EnumMap<>(Permission.class);
        for (Map.Entry<String, String> entry : wire.entrySet()) {
            Permission permission = Permission.fromWireName(entry.getKey()).filter(GRANTABLE::contains).orElseThrow(() ->
                    InvalidField.invalid("permissions", "a job token may have contents and packages only, not "
                            + Text.quoted(entry.getKey(), "that")));
            Level level = entry.getValue() == null ? null : Level.fromWireName(entry.getValue()).orElse(null);
            if (level != Level.READ && level != Level.WRITE) {
                throw InvalidField.invalid("permissions", permission.wireName() + " can be read or write, not "
                        + Text.quoted(entry.getValue(), "that"));
            }
            levels.put(permission, level);
        }
        return Permissions.of(levels);
    }

    /** The owner's repositories by the names given (existing now, compared in any letter case), with their ids. */
    Map<String, Long> repositories(PolicyOwner owner, List<String> names, Permissions permissions) {
        List<String> given = names == null ? List.of() : names;
        boolean contents = permissions.allows(Permission.CONTENTS, Level.READ);
        if (contents && given.isEmpty()) {
            throw InvalidField.invalid("repositories", "the contents permission needs at least one repository of "
                    + owner.login());
        }
        if (!contents && !given.isEmpty()) {
            throw InvalidField.invalid("permissions", "repositories are given, so add \"contents\": \"read\" or \"write\"");
        }
        if (given.size() > MAX_ITEMS) {
            throw InvalidField.invalid("repositories", "at most " + MAX_ITEMS + " repositories");
        }
        Map<String, Long> ids = new LinkedHashMap<>();
        Set<Long> seen = new LinkedHashSet<>();
        for (String name : given) {
            if (name == null || name.isEmpty() || name.contains("*") || name.contains("/")) {
                throw InvalidField.invalid("repositories", "names one repository of " + owner.login()
                        + " each, without owner or wildcard: " + Text.quoted(name, "one given") + " is not one");
            }
            long id = owners.repositoryId(owner.id(), name).orElseThrow(() -> InvalidField.invalid("repositories",
                    owner.login() + " has no repository named " + Text.quoted(name, "so")));
            if (!seen.add(id)) {
                throw InvalidField.invalid("repositories", Text.quoted(name, "a repository") + " is named twice");
            }
            ids.put(name, id);
        }
        return ids;
    }

    /**
     * npm names of the owner's scope, one package ({@code @acme/app}) or all of them ({@code @acme/*}),
     * published or not yet: a package's scope names its owner, so no other owner's package can be named.
     */
    static List<String> packages(PolicyOwner owner, List<String> names, Permissions permissions) {
        List<String> given = names == null ? List.of() : names;
        boolean packages = permissions.allows(Permission.PACKAGES, Level.READ);
        if (packages && given.isEmpty()) {
            throw InvalidField.invalid("packages", "the packages permission needs at least one package (@"
                    + scope(owner) + "/name or @" + scope(owner) + "/*)");
        }
        if (!packages && !given.isEmpty()) {
            throw InvalidField.invalid("permissions", "packages are given, so add \"packages\": \"read\" or \"write\"");
        }
        if (given.size() > MAX_ITEMS) {
            throw InvalidField.invalid("packages", "at most " + MAX_ITEMS + " packages");
        }
        List<String> patterns = new ArrayList<>();
        for (String name : given) {
            String pattern = packagePattern(owner, name);
            if (patterns.contains(pattern)) {
                throw InvalidField.invalid("packages", pattern + " is named twice");
            }
            patterns.add(pattern);
        }
        return patterns;
    }

    private static String packagePattern(PolicyOwner owner, String name) {
        String scope = scope(owner);
        if (name == null || !name.startsWith("@") || name.indexOf('/') < 0) {
            throw InvalidField.invalid("packages", "names a package as @" + scope + "/name or all of them as @" + scope
                    + "/*; " + Text.quoted(name, "one given") + " is neither");
        }
        String givenScope = name.substring(1, name.indexOf('/'));
        String rest = name.substring(name.indexOf('/') + 1);
        if (!givenScope.equals(scope)) {
            throw InvalidField.invalid("packages", Text.quoted(name, "a package") + " is not in @" + scope
                    + ": a package's scope names its owner, so a policy of " + owner.login() + " reaches only @" + scope + "/…");
        }
        if (!rest.equals("*") && (!PACKAGE_NAME.matcher(rest).matches() || name.length() > 214)) {
            throw InvalidField.invalid("packages", Text.quoted(name, "a package") + " is not a valid npm name: lower-case"
                    + " letters, digits, '-', '.', '_' and '~' (or * for the whole scope)");
        }
        return name;
    }

    static int lifetime(Integer minutes) {
        if (minutes == null) {
            return DEFAULT_LIFETIME;
        }
        if (minutes < 1 || minutes > MAX_LIFETIME) {
            throw InvalidField.invalid("lifetime_minutes", "must be 1 to " + MAX_LIFETIME + " (minutes)");
        }
        return minutes;
    }

    private static String scope(PolicyOwner owner) {
        return owner.login().toLowerCase(Locale.ROOT);
    }
}
