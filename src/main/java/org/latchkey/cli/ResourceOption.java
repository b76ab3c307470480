package org.latchkey.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One {@code --resource} of a fine-grained token: {@code OWNER:all}, {@code OWNER:public} or
 * {@code OWNER:REPO[,REPO…]}. {@code selection} is "all" or "public", or null when repositories are named.
 */
record ResourceOption(String owner, String selection, List<String> repositories) {

    static final String HELP = "what the token may act on: OWNER:all, OWNER:public or OWNER:REPO[,REPO...], e.g."
            + " acme:api,web. Repeat for several owners (you, or organisations you belong to).";

    ResourceOption {
        repositories = repositories == null ? null : List.copyOf(repositories);
    }

    static ResourceOption parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not OWNER:all, OWNER:public or OWNER:REPO[,REPO...]");
        }
        String owner = text.substring(0, colon).trim();
        String rest = text.substring(colon + 1).trim();
        if (owner.isEmpty() || !owner.matches("[^\\s/:,]+")) {
            throw new IllegalArgumentException("'" + text + "' does not start with an owner, as in acme:all");
        }
        String keyword = rest.toLowerCase(Locale.ROOT);
        if (keyword.equals("all") || keyword.equals("public")) {
            return new ResourceOption(owner, keyword, null);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : rest.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty() || !trimmed.matches("[^\\s/:]+")) {
                throw new IllegalArgumentException("'" + text + "' does not name repositories of " + owner
                        + " as in " + owner + ":api,web (or " + owner + ":all, " + owner + ":public)");
            }
            names.add(trimmed);
        }
        return new ResourceOption(owner, null, new ArrayList<>(names));
    }

    /**
     * The request's {@code resources}: one entry per owner, repositories named for the same owner in
     * several options merged; all or public together with anything else for that owner is a usage error.
     */
    static ArrayNode toJson(List<ResourceOption> options) {
        Map<String, ResourceOption> byOwner = new LinkedHashMap<>();
        for (ResourceOption option : options) {
            byOwner.merge(option.owner().toLowerCase(Locale.ROOT), option, ResourceOption::combine);
        }
        ArrayNode resources = ApiClient.JSON.createArrayNode();
        byOwner.values().forEach(option -> resources.add(option.json()));
        return resources;
    }

    private static ResourceOption combine(ResourceOption first, ResourceOption second) {
        if (first.selection() != null || second.selection() != null) {
            if (first.equals(second)) {
                return first;
            }
            throw CliFailure.invalid("--resource names " + first.owner() + " twice in different ways ("
                    + first.describe() + ", " + second.describe() + "): give " + first.owner() + ":all, "
                    + first.owner() + ":public or one list of repositories");
        }
        Set<String> names = new LinkedHashSet<>(first.repositories());
        names.addAll(second.repositories());
        return new ResourceOption(first.owner(), null, new ArrayList<>(names));
    }

    private ObjectNode json() {
        ObjectNode resource = ApiClient.JSON.createObjectNode().put("owner", owner);
        if (selection != null) {
            resource.put("repositories", selection);
        } else {
            ArrayNode names = resource.putArray("repositories");
            repositories.forEach(names::add);
        }
        return resource;
    }

    String describe() {
        return owner + ":" + (selection != null ? selection : String.join(",", repositories));
    }

    /** Lets picocli report a malformed {@code --resource} as a usage error. */
    static final class Converter implements ITypeConverter<ResourceOption> {
        @Override
        public ResourceOption convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
