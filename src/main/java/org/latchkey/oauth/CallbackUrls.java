package org.latchkey.oauth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.latchkey.InvalidField;

/**
 * Callback URLs: what may be registered (absolute, {@code https}, or {@code http} on a loopback
 * host only; no fragment, no user information) and how a request's {@code redirect_uri} matches
 * one: character for character, except that a loopback IP callback ({@code http://127.0.0.1/…},
 * {@code http://[::1]/…}) matches the same URL on any port (RFC 8252 §7.3).
 */
public final class CallbackUrls {

    static final int MAX_URLS = 10;
    static final int MAX_LENGTH = 2000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");
    private static final Set<String> ANY_PORT = Set.of("127.0.0.1", "[::1]");

    private CallbackUrls() {
    }

    /** The checked list, duplicates removed; refuses an empty list, too many, or any unacceptable URL. */
    public static List<String> check(String field, List<String> urls) {
        if (urls == null || urls.isEmpty()) {
            throw InvalidField.missing(field);
        }
        if (urls.size() > MAX_URLS) {
            throw InvalidField.invalid(field, "at most " + MAX_URLS + " callback URLs");
        }
        Set<String> checked = new LinkedHashSet<>();
        for (String url : urls) {
            checked.add(checkOne(field, url, true));
        }
        return new ArrayList<>(checked);
    }

    /** A homepage: an absolute http or https URL without user information or fragment. */
    public static String checkHomepage(String field, String url) {
        return checkOne(field, url, false);
    }

    private static String checkOne(String field, String url, boolean callback) {
        if (url == null || url.isEmpty()) {
            throw InvalidField.missing(field);
        }
        if (url.length() > MAX_LENGTH || url.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw InvalidField.invalid(field, "a URL of printable ASCII without spaces, at most " + MAX_LENGTH + " characters");
        }
        URI uri = parse(url).orElseThrow(() -> InvalidField.invalid(field, "not a valid absolute URL"));
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!uri.isAbsolute() || uri.getRawAuthority() == null || uri.getHost() == null || uri.isOpaque()) {
            throw InvalidField.invalid(field, "must be an absolute URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw InvalidField.invalid(field, "must not hold user information (user@host)");
        }
        if (uri.getRawFragment() != null || url.indexOf('#') >= 0) {
            throw InvalidField.invalid(field, "must not have a fragment (#…)");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw InvalidField.invalid(field, "must be an https URL (or http on a loopback address)");
        }
        if (callback && scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw InvalidField.invalid(field, "must be https, except on a loopback address"
                    + " (http://127.0.0.1, http://[::1], http://localhost)");
        }
        return url;
    }

    /** The registered callback that a request's redirect_uri matches, if any. */
    public static Optional<String> match(List<String> registered, String requested) {
        if (requested == null || requested.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        for (String callback : registered) {
            if (callback.equals(requested) || sameLoopbackOnAnyPort(callback, requested)) {
                return Optional.of(requested);
            }
        }
        return Optional.empty();
    }

    private static boolean sameLoopbackOnAnyPort(String callback, String requested) {
        Optional<URI> registered = parse(callback);
        Optional<URI> asked = parse(requested);
        if (registered.isEmpty() || asked.isEmpty()) {
            return false;
        }
        URI a = registered.get();
        URI b = asked.get();
        return "http".equals(a.getScheme()) && "http".equals(b.getScheme())
                && a.getHost() != null && ANY_PORT.contains(a.getHost()) && a.getHost().equals(b.getHost())
                && a.getRawUserInfo() == null && b.getRawUserInfo() == null
                && b.getRawFragment() == null && requested.indexOf('#') < 0
                && requested.equals("http://" + b.getHost() + (b.getPort() < 0 ? "" : ":" + b.getPort()) + tail(b))
                && tail(a).equals(tail(b));
    }

    private static String tail(URI uri) {
        return (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private static Optional<URI> parse(String url) {
        try {
            return Optional.of(new URI(url));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
