package org.latchkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks for secrets in text: anything shaped like a Latchkey token, and given secrets and passwords verbatim. */
public final class SecretScan {

    /** A token of any type: prefix, underscore, 36 base62 characters (checksum not checked: a mistyped token is still a secret). */
    public static final Pattern TOKEN_SHAPE = Pattern.compile("lk[psf]_[0-9A-Za-z]{36}");

    private SecretScan() {
    }

    /** What was found, one description each; empty when the text is clean. */
    public static List<String> findings(String text, Collection<String> secrets) {
        List<String> found = new ArrayList<>();
        Matcher matcher = TOKEN_SHAPE.matcher(text);
        while (matcher.find()) {
            found.add("token-shaped '" + matcher.group() + "' in: " + around(text, matcher.start()));
        }
        for (String secret : secrets) {
            int at = text.indexOf(secret);
            if (at >= 0) {
                found.add("secret '" + secret + "' in: " + around(text, at));
            }
        }
        return found;
    }

    /** Fails naming where and what was found, with the text around each finding. */
    public static void assertClean(String where, String text, Collection<String> secrets) {
        assertThat(findings(text, secrets)).as("secrets in %s", where).isEmpty();
    }

    private static String around(String text, int at) {
        int from = Math.max(0, text.lastIndexOf('\n', Math.max(0, at - 300)) + 1);
        int to = Math.min(text.length(), at + 300);
        return "…" + text.substring(from, to) + "…";
    }
}
