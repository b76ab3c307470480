package org.latchkey.pkg;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** npm's two checksums of a tarball: {@code dist.integrity} (Subresource Integrity, SHA-512) and {@code dist.shasum} (SHA-1). */
public final class Checksums {

    private Checksums() {
    }

    /** {@code sha512-<base64>}. */
    public static String integrity(byte[] data) {
        return "sha512-" + Base64.getEncoder().encodeToString(digest("SHA-512", data));
    }

    /** Lower-case hex SHA-1. */
    public static String shasum(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-1", data));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }
}
