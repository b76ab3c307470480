package org.latchkey.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain that makes the audit log tamper-evident: each event's link is SHA-256 of the
 * previous link and an unambiguous encoding of the event (every field length-prefixed, details in
 * key order). Changing, removing or reordering a stored event breaks every link after it.
 */
public final class AuditChain {

    public static final int LINK_LENGTH = 32;

    private AuditChain() {
    }

    /** The link of {@code event} after {@code previous} (null for the first chained event). */
    public static byte[] link(byte[] previous, AuditEvent event) {
        MessageDigest sha256 = sha256();
        if (previous != null) {
            sha256.update(previous);
        }
        return sha256.digest(encode(event));
    }

    static byte[] encode(AuditEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, Long.toString(event.id()));
        field(out, Long.toString(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, event.at())));
        field(out, event.userId() == null ? null : event.userId().toString());
        field(out, event.actor());
        field(out, event.action());
        field(out, event.tokenId() == null ? null : event.tokenId().toString());
        field(out, event.ip());
        field(out, event.userAgent());
        Map<String, String> details = new TreeMap<>(event.details());
        field(out, Integer.toString(details.size()));
        details.forEach((key, value) -> {
            field(out, key);
            field(out, value);
        });
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
