package org.latchkey.http.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.trust.PolicySpec;
import org.latchkey.trust.Provider;

/**
 * The "Trusted publishers" form as typed: the provider chosen and its claims offered by name (for
 * GitHub the workflow file becomes a {@code job_workflow_ref} prefix), extra claims one per line,
 * what the job may reach; and the refusal to show beside it.
 */
public record PublisherForm(String provider, Map<String, String> values, String error, String errorField) {

    private static final List<String> FIELDS = List.of("name", "issuer", "gh_repository", "gh_repository_owner_id",
            "gh_workflow", "gh_ref", "gh_environment", "gl_project_path", "gl_namespace_id", "gl_ref", "gl_environment",
            "other_sub", "extra_claims", "repositories", "packages", "contents", "packages_level", "lifetime_minutes");

    static PublisherForm empty() {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, ""));
        values.put("lifetime_minutes", "15");
        return new PublisherForm("github", values, null, null);
    }

    static PublisherForm read(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(field -> values.put(field, clean(ctx.formParam(field))));
        String provider = clean(ctx.formParam("provider"));
        return new PublisherForm(List.of("github", "gitlab", "other").contains(provider) ? provider : "github", values, null, null);
    }

    PublisherForm reject(InvalidField invalid) {
        return new PublisherForm(provider, values, invalid.getMessage(), invalid.field());
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The policy asked for; unparseable numbers are left to the service to refuse by their field. */
    PolicySpec spec() {
        Map<String, Object> claims = new LinkedHashMap<>();
        switch (provider) {
            case "github" -> {
                put(claims, "repository", value("gh_repository"));
                put(claims, "repository_owner_id", value("gh_repository_owner_id"));
                if (!value("gh_workflow").isEmpty()) {
                    claims.put("job_workflow_ref", value("gh_repository") + "/.github/workflows/" + value("gh_workflow") + "@*");
                }
                put(claims, "ref", value("gh_ref"));
                put(claims, "environment", value("gh_environment"));
            }
            case "gitlab" -> {
                put(claims, "project_path", value("gl_project_path"));
                put(claims, "namespace_id", value("gl_namespace_id"));
                put(claims, "ref", value("gl_ref"));
                put(claims, "environment", value("gl_environment"));
            }
            default -> put(claims, "sub", value("other_sub"));
        }
        for (String line : value("extra_claims").split("\\R")) {
            int equals = line.indexOf('=');
            if (!line.isBlank()) {
                if (equals <= 0) {
                    throw InvalidField.invalid("claims", "write other claims as name=value, one per line");
                }
                claims.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        Map<String, String> permissions = new LinkedHashMap<>();
        put(permissions, "contents", value("contents"));
        put(permissions, "packages", value("packages_level"));
        return new PolicySpec(value("name"), issuer(), claims, list("repositories"), list("packages"), permissions,
                lifetime());
    }

    private String issuer() {
        if (!value("issuer").isEmpty()) {
            return value("issuer");
        }
        return switch (provider) {
            case "github" -> Provider.GITHUB_ISSUER;
            case "gitlab" -> Provider.GITLAB_ISSUER;
            default -> "";
        };
    }

    private Integer lifetime() {
        String text = value("lifetime_minutes");
        if (text.isEmpty()) {
            return null;
        }
        if (!text.matches("\\d{1,4}")) {
            throw InvalidField.invalid("lifetime_minutes", "must be a whole number of minutes, 1 to 60");
        }
        return Integer.parseInt(text);
    }

    private List<String> list(String field) {
        List<String> items = new ArrayList<>();
        Arrays.stream(value(field).split("[,\\s]+")).filter(item -> !item.isEmpty()).forEach(items::add);
        return items;
    }

    private static <T> void put(Map<String, T> map, String key, String value) {
        if (!value.isEmpty()) {
            @SuppressWarnings("unchecked")
            T typed = (T) value;
            map.put(key, typed);
        }
    }

    private static String clean(String text) {
        return text == null ? "" : text.strip();
    }
}
