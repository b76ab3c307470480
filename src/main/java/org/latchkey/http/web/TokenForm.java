package org.latchkey.http.web;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.token.Expiry;
import org.latchkey.token.Level;
import org.latchkey.token.Permission;

/**
 * What a "Generate new token" form sent, kept as typed so the form can be shown again with the
 * errors beside their fields. Holds no secret.
 */
public final class TokenForm {

    static final List<String> EXPIRATIONS = List.of("7", "30", "60", "90", "custom", "none");

    String name = "";
    String description = "";
    String expiration = "30";
    String customDate = "";
    List<String> scopes = new ArrayList<>();
    String owner = "";
    String repositoryAccess = "public";
    List<String> owners = new ArrayList<>();
    Map<String, String> access = new LinkedHashMap<>();
    String repositoryFilter = "";
    boolean refresh;
    List<String> repositories = new ArrayList<>();
    Map<String, String> permissions = new LinkedHashMap<>();
    final Map<String, String> errors = new LinkedHashMap<>();

    /** The settings form of an existing token, filled with its name and description. */
    static TokenForm of(org.latchkey.token.Token token) {
        TokenForm form = new TokenForm();
        form.name = token.name();
        form.description = token.description() == null ? "" : token.description();
        return form;
    }

    static TokenForm read(Context ctx) {
        TokenForm form = new TokenForm();
        form.name = orEmpty(ctx.formParam("name"));
        form.description = orEmpty(ctx.formParam("description"));
        form.expiration = orEmpty(ctx.formParam("expiration"));
        form.customDate = orEmpty(ctx.formParam("custom_date"));
        form.scopes = ctx.formParams("scopes");
        form.owner = orEmpty(ctx.formParam("owner"));
        form.repositoryAccess = orEmpty(ctx.formParam("repository_access"));
        form.repositories = ctx.formParams("repositories");
        form.owners = new ArrayList<>(ctx.formParams("owners"));
        if (form.owners.isEmpty() && !form.owner.isEmpty()) {
            form.owners.add(form.owner);
        }
        ctx.formParamMap().forEach((key, values) -> {
            if (key.startsWith("access_") && !values.isEmpty()) {
                form.access.put(key.substring("access_".length()), values.get(0));
            }
        });
        form.repositoryFilter = orEmpty(ctx.formParam("repository_filter")).strip();
        form.refresh = ctx.formParam("refresh") != null;
        for (Permission permission : Permission.values()) {
            String level = ctx.formParam("permission_" + permission.wireName());
            form.permissions.put(permission.wireName(), level == null ? "none" : level);
        }
        return form;
    }

    /** The expiry asked for; records an error on "expiration" and returns null when it cannot be read. */
    Expiry expiry(boolean neverAllowed) {
        switch (expiration) {
            case "7", "30", "60", "90" -> {
                return Expiry.inDays(Integer.parseInt(expiration));
            }
            case "" -> errors.put("expiration", "Choose an expiration.");
            case "none" -> {
                if (neverAllowed) {
                    return new Expiry(null, null, "never");
                }
                errors.put("expiration", "Fine-grained tokens must expire; choose a number of days or a date.");
            }
            case "custom" -> {
                try {
                    return new Expiry(null, LocalDate.parse(customDate).atStartOfDay(ZoneOffset.UTC).toInstant().toString(),
                            null);
                } catch (DateTimeParseException e) {
                    errors.put("expiration", "Choose a date for a custom expiration.");
                }
            }
            default -> {
                if (expiration.matches("[1-9][0-9]{0,3}")) {
                    return Expiry.inDays(Integer.parseInt(expiration)); // a policy's own maximum, offered by the form
                }
                errors.put("expiration", "Choose an expiration.");
            }
        }
        return null;
    }

    /** The chosen permission levels, leaving out "No access". */
    Map<String, String> chosenPermissions() {
        Map<String, String> chosen = new LinkedHashMap<>();
        permissions.forEach((name, level) -> {
            if (!level.equals("none") && Level.fromWireName(level).isPresent()) {
                chosen.put(name, level);
            }
        });
        return chosen;
    }

    /** Puts the service's refusal beside the field it names. */
    void reject(InvalidField invalid) {
        String field = invalid.field() == null ? "form" : invalid.field();
        String key = switch (field) {
            case "name", "description", "scopes", "permissions" -> field;
            case "expires_in_days", "expires_at", "expires" -> "expiration";
            default -> field.startsWith("resources") ? "resources" : field.startsWith("permissions") ? "permissions" : "form";
        };
        errors.put(key, sentence(invalid, field));
    }

    private static String sentence(InvalidField invalid, String field) {
        String message = invalid.getMessage();
        String reason = message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
        if (invalid.code().equals("already_exists")) {
            return capitalise(reason) + ".";
        }
        String label = switch (field) {
            case "expires_in_days", "expires_at", "expires" -> "The expiration";
            case "resources.owner" -> "The resource owner";
            case "resources.repositories" -> "The repository selection";
            default -> "The " + field.replace('_', ' ');
        };
        return label + " " + reason + ".";
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    // Accessors for the templates.
    public String name() { return name; }
    public String description() { return description; }
    public String expiration() { return expiration; }
    public String customDate() { return customDate; }
    public List<String> scopes() { return scopes; }
    public String owner() { return owner; }
    public String repositoryAccess() { return repositoryAccess; }
    public List<String> repositories() { return repositories; }
    public List<String> owners() { return owners; }
    public String repositoryFilter() { return repositoryFilter; }

    /** The repository access chosen for an owner: all, public or selected (public until chosen). */
    public String access(String ownerLogin) {
        String chosen = access.get(ownerLogin);
        if (chosen == null) {
            chosen = repositoryAccess;
        }
        return chosen.equals("all") || chosen.equals("selected") ? chosen : "public";
    }
    public Map<String, String> permissions() { return permissions; }
    public Map<String, String> errors() { return errors; }
}
