package org.latchkey.token;

import java.util.List;
import java.util.Locale;

/**
 * The npm packages a job token may reach: full names ({@code @acme/app}) or every package of a
 * scope ({@code @acme/*}). Names compare exactly (npm names are lower case); a scope pattern covers
 * the names in that scope only, never a longer scope ({@code @acme/*} does not cover {@code @acmex/app}).
 */
public record PackagePatterns(List<String> patterns) {

    public PackagePatterns {
        patterns = List.copyOf(patterns);
    }

    /** Whether {@code @scope/name} is covered. */
    public boolean covers(String scope, String name) {
        if (scope == null || name == null) {
            return false;
        }
        String full = "@" + scope.toLowerCase(Locale.ROOT) + "/" + name;
        String scopeAll = "@" + scope.toLowerCase(Locale.ROOT) + "/*";
        return patterns.contains(full) || patterns.contains(scopeAll);
    }

    public String encode() {
        return String.join(",", patterns);
    }

    public static PackagePatterns decode(String stored) {
        return stored == null ? null : new PackagePatterns(stored.isEmpty() ? List.of() : List.of(stored.split(",")));
    }

    @Override
    public String toString() {
        return encode();
    }
}
