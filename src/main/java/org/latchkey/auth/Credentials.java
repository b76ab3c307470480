package org.latchkey.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.latchkey.token.TokenHash;

/**
 * Reads the secret out of an Authorization header: {@code token X}, {@code Bearer X}, or Basic
 * with the token as password and any user name (what git sends). Returns null for anything else.
 */
public final class Credentials {

    private Credentials() {
    }

    /**
     * The hash of the secret in an Authorization header when that secret is well-formed, else
     * null. The usual {@code token X} and {@code Bearer X} are checked and hashed in place, without
     * copying X out of the header.
     */
    public static TokenHash wellFormedHash(String header) {
        int start = inPlaceSecretStart(header);
        if (start > 0) {
            return TokenHash.ofWellFormed(header, start);
        }
        String secret = secret(header);
        return secret == null ? null : TokenHash.ofWellFormed(secret, 0);
    }

    public static String secret(String header) {
        if (header == null) {
            return null;
        }
        int space = header.indexOf(' ');
        if (space <= 0) {
            return null;
        }
        String rest = header.substring(space + 1).strip();
        if (header.regionMatches(true, 0, "token", 0, space) && space == 5
                || header.regionMatches(true, 0, "bearer", 0, space) && space == 6) {
            return rest;
        }
        if (space == 5 && header.regionMatches(true, 0, "basic", 0, 5)) {
            return fromBasic(rest);
        }
        return null;
    }

    /**
     * Where X starts in {@code token X} or {@code Bearer X} when X has nothing to strip (it starts
     * and ends with something other than whitespace), so that X is the rest of the header; else -1.
     */
    private static int inPlaceSecretStart(String header) {
        if (header == null) {
            return -1;
        }
        int start = header.indexOf(' ') + 1;
        boolean bearerOrToken = start == 6 && header.regionMatches(true, 0, "token", 0, 5)
                || start == 7 && header.regionMatches(true, 0, "bearer", 0, 6);
        if (!bearerOrToken || start == header.length() || Character.isWhitespace(header.charAt(start))
                || Character.isWhitespace(header.charAt(header.length() - 1))) {
            return -1;
        }
        return start;
    }

    private static String fromBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return decoded;
        }
        String password = decoded.substring(colon + 1);
        if (password.isEmpty() || password.equals("x-oauth-basic")) {
            return decoded.substring(0, colon);
        }
        return password;
    }
}
