package org.latchkey.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes of the API reference ({@code docs/api.md}), read the way a person reads it: every
 * {@code `METHOD /path`} in code spans, relative to {@code /api/v1} unless it starts with
 * {@code /api/v1} or {@code /npm/}, with the JSON field names written beside it. A route added to the
 * reference is fuzzed without touching the fuzz suite.
 */
final class ApiReference {

    private static final Pattern ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s]*)([^`]*)`");
    private static final Pattern FIELD = Pattern.compile("\"([a-z][a-z0-9_-]*)\"");

    /** A documented route: its method, its path template ({@code {id}}, {@code @owner}, {@code REV} placeholders). */
    record Route(String method, String path) {
    }

    private final List<Route> routes;
    private final List<String> fields;
    private final List<String> parameters;

    private ApiReference(List<Route> routes, List<String> fields, List<String> parameters) {
        this.routes = routes;
        this.fields = fields;
        this.parameters = parameters;
    }

    static ApiReference load() {
        try (InputStream in = ApiReference.class.getResourceAsStream("/docs/api.md")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiReference parse(String markdown) {
        String text = markdown.replaceAll("\\s+", " ");
        Set<Route> routes = new LinkedHashSet<>();
        Set<String> parameters = new TreeSet<>();
        Matcher route = ROUTE.matcher(text);
        while (route.find()) {
            String path = route.group(2).replace("\\|", "|");
            int query = path.indexOf('?');
            if (query >= 0) {
                for (String parameter : path.substring(query + 1).split("&")) {
                    parameters.add(parameter.split("=")[0]);
                }
                path = path.substring(0, query);
            }
            if (!path.startsWith("/api/v1") && !path.startsWith("/npm/")) {
                path = "/api/v1" + path;
            }
            routes.add(new Route(route.group(1), path));
        }
        Set<String> fields = new TreeSet<>();
        Matcher field = FIELD.matcher(text);
        while (field.find()) {
            fields.add(field.group(1));
        }
        return new ApiReference(new ArrayList<>(routes), new ArrayList<>(fields), new ArrayList<>(parameters));
    }

    List<Route> routes() {
        return routes;
    }

    /** The query parameters the reference names ({@code per_page}, {@code before}, …). */
    List<String> parameters() {
        return parameters;
    }

    /** Every quoted field name in the reference: what bodies are built from. */
    List<String> fields() {
        return fields;
    }
}
