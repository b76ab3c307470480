package org.latchkey.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short, fixed-length stand-ins for free text (addresses, user agents) in alert keys and stored lookups. */
public final class AlertKeys {

    private AlertKeys() {
    }

    /** Hex SHA-256 of the text (null as empty), 64 characters. */
    public static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first 16 hex digits of {@link #digest}: enough to tell values of one token apart in a key. */
    static String shortDigest(String text) {
        return digest(text).substring(0, 16);
    }
}
