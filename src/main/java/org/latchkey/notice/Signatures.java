package org.latchkey.notice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signature of a webhook delivery, as GitHub's {@code X-Hub-Signature-256}: {@code sha256=<hex HMAC-SHA256>}. */
public final class Signatures {

    public static final String HEADER = "X-Latchkey-Signature-256";

    private Signatures() {
    }

    /** {@code sha256=} and the lowercase hex HMAC-SHA256 of the body, keyed with the hook's secret (UTF-8). */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
