package org.latchkey.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A secret found by {@link LeakScanner}: where (a file, or a path in the commit where its blob first
 * appears), on which 1-based line, of what kind, and whether its checksum holds (null when the kind
 * has none). The secret itself is kept for revocation and never shown: {@link #masked()} and
 * {@link #fingerprint()} identify it instead.
 */
public record Finding(String path, String commit, long line, SecretKind kind, Boolean checksumValid, String secret) {

    private static final int SHOWN = 8;

    /** The first 8 characters and an ellipsis. */
    public String masked() {
        return secret.substring(0, SHOWN) + "…";
    }

    /** {@code sha256:} and the hex SHA-256 of the secret: compares findings without showing them. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    Finding at(String newPath, String newCommit) {
        return new Finding(newPath, newCommit, line, kind, checksumValid, secret);
    }

    @Override
    public String toString() {
        return "Finding[" + (commit == null ? "" : commit + ":") + path + ":" + line + ", " + kind.wireName()
                + ", secret=<hidden>]";
    }
}
