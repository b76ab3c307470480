package org.latchkey.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Encodes what a user typed for a place in a URL, so that no name can change which route is asked. */
final class UrlPath {

    private UrlPath() {
    }

    /** One path segment; blank, {@code .} and {@code ..} are usage errors naming {@code what}. */
    static String segment(String what, String value) {
        if (value == null || value.isBlank() || value.equals(".") || value.equals("..")) {
            throw CliFailure.invalid("'" + value + "' is not a valid " + what);
        }
        return encode(value);
    }

    /** A query parameter's value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
