package org.latchkey.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.latchkey.InvalidField;

/**
 * An issuer's URL as an administrator gave it, checked: {@code https} (or {@code http} where the
 * server allows it), a host, no user info, query or fragment, at most {@link #MAX_LENGTH}
 * characters. The scheme and host are lower-cased and a default port dropped; the path is kept as
 * given, with or without its trailing slash, because a token's {@code iss} must equal the issuer
 * exactly (OpenID Connect Discovery 1.0, §4.3). {@link #key()} is the same URL without the trailing
 * slash: two issuers with one key are one trust entry, so {@code https://a.example} and
 * {@code https://a.example/} cannot both be trusted.
 */
public record IssuerUrl(String value, String key) {

    public static final int MAX_LENGTH = 500;
    static final String FIELD = "issuer";

    /** The URL checked and normalised, or an {@link InvalidField} naming the rule it breaks. */
    public static IssuerUrl parse(String text, boolean allowHttp) {
        if (text == null || text.isBlank()) {
            throw InvalidField.missing(FIELD);
        }
        if (text.length() > MAX_LENGTH) {
            throw InvalidField.invalid(FIELD, "must be at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw InvalidField.invalid(FIELD, "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw InvalidField.invalid(FIELD, scheme.equals("http")
                    ? "must use https; http issuers need the server to run with --oidc-allow-http-issuers"
                    : "must be an https URL such as https://token.actions.githubusercontent.com");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.isOpaque()) {
            throw InvalidField.invalid(FIELD, "must be scheme://host[:port][/path] with no user, query or fragment");
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String authority = uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        if (path.contains("/.") || path.contains("//") || lowerPath.contains("%2e") || lowerPath.contains("%2f")
                || lowerPath.contains("%5c")) {
            throw InvalidField.invalid(FIELD, "must not hold empty, '.' or '..' path segments, or encoded dots or slashes");
        }
        if (port > 65535) {
            throw InvalidField.invalid(FIELD, "has a port beyond 65535");
        }
        String value = scheme + "://" + authority + path;
        return new IssuerUrl(value, keyOf(value));
    }

    /** The trust entry a token's exact {@code iss} would fall under. */
    static String keyOf(String issuer) {
        return issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    }

    /** Where the issuer publishes its configuration: the key with {@code /.well-known/openid-configuration}. */
    URI discovery() {
        return URI.create(key + "/.well-known/openid-configuration");
    }

    /** The host (and port, if not the default) of this URL, lower-cased. */
    String authority() {
        return URI.create(value).getRawAuthority();
    }
}
