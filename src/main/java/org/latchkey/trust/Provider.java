package org.latchkey.trust;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;

/**
 * The CI systems whose claims Latchkey knows, and the claims a policy must pin exactly for each so
 * that it names one CI project: for GitHub Actions (and Forgejo/Gitea Actions and GitHub Enterprise
 * Server, which issue the same claims) {@code repository} and the immutable {@code repository_owner_id},
 * so a deleted and re-created account of the same name inherits nothing; for GitLab
 * {@code project_path} and {@code namespace_id}; for any other issuer {@code sub}.
 */
public enum Provider {
    GITHUB(List.of("repository", "repository_owner_id"), List.of("repository", "repository_owner_id", "workflow",
            "ref", "environment")),
    GITLAB(List.of("project_path", "namespace_id"), List.of("project_path", "namespace_id", "workflow", "ref",
            "environment")),
    OTHER(List.of("sub"), List.of("sub"));

    public static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    public static final String GITLAB_ISSUER = "https://gitlab.com";
    private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,19}");
    /** GitHub Enterprise Server's issuer: {@code https://HOST/_services/token}. */
    private static final Pattern GHES = Pattern.compile("https://[^/]+/_services/token");

    private final List<String> pins;
    private final List<String> offered;

    Provider(List<String> pins, List<String> offered) {
        this.pins = pins;
        this.offered = offered;
    }

    /** The claims a policy must pin exactly. */
    public List<String> pins() {
        return pins;
    }

    /** The claims the web form offers by name ({@code workflow} stands for the workflow file). */
    public List<String> offered() {
        return offered;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The provider of an issuer, or of the claims a policy names when the issuer is not a known one. */
    public static Provider of(String issuer, Map<String, ?> claims) {
        if (issuer.equals(GITHUB_ISSUER) || issuer.startsWith(GITHUB_ISSUER + "/") || GHES.matcher(issuer).matches()) {
            return GITHUB;
        }
        if (issuer.equals(GITLAB_ISSUER)) {
            return GITLAB;
        }
        if (claims.containsKey("repository") || claims.containsKey("repository_owner_id")) {
            return GITHUB;
        }
        if (claims.containsKey("project_path") || claims.containsKey("namespace_id")) {
            return GITLAB;
        }
        return OTHER;
    }

    /** Refuses (422, field {@code claims}) rules that leave the CI project unpinned, naming the claims to add. */
    void requirePinned(String issuer, Map<String, ClaimRule> rules) {
        List<String> missing = pins.stream().filter(pin -> !rules.containsKey(pin)).toList();
        if (!missing.isEmpty()) {
            throw InvalidField.invalid("claims", "a policy for " + describe(issuer) + " must pin " + String.join(" and ", pins)
                    + " exactly; add " + String.join(" and ", missing.stream().map(m -> "\"" + m + "\"").toList()));
        }
        for (String pin : pins) {
            ClaimRule rule = rules.get(pin);
            if (rule.prefix()) {
                throw InvalidField.invalid("claims." + pin, "pins the CI project, so it must be exact: no *");
            }
            if (pin.endsWith("_id") && !DIGITS.matcher(rule.value()).matches()) {
                throw InvalidField.invalid("claims." + pin, "is a numeric id: digits only, as the CI system shows it");
            }
        }
    }

    private String describe(String issuer) {
        return switch (this) {
            case GITHUB -> "GitHub Actions (" + issuer + ")";
            case GITLAB -> "GitLab CI (" + issuer + ")";
            case OTHER -> issuer;
        };
    }
}
