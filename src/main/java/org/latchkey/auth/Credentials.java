package org.latchkey.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the secret out of an Authorization header: {@code token X}, {@code Bearer X}, or Basic
 * with the token as password and any user name (what git sends). Returns null for anything else.
 */
public final class Credentials {

    private Credentials() {
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
