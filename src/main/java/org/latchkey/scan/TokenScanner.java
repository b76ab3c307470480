package org.latchkey.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.token.TokenFormat;

/**
 * Finds Latchkey token secrets and client secrets ({@code lkcs_}) in bytes, as push protection needs
 * them: the secret and its line.
 * What counts as a secret is {@link Detectors}' rule (the same as {@code latchkey scan}'s): a known
 * prefix, an underscore, 36 base62 characters and a valid checksum, not glued to surrounding letters
 * or digits.
 */
public final class TokenScanner {

    /** A well-formed secret and the 1-based line it stands on. */
    public record Finding(String secret, int line) {
        @Override
        public String toString() {
            return "Finding[line=" + line + ", secret=<hidden>]";
        }
    }

    private static final ThreadLocal<ChunkScanner> STREAMS = ThreadLocal.withInitial(ChunkScanner::new);

    private TokenScanner() {
    }

    /** Scans a stream of any length in bounded memory (a 1 MiB buffer per thread), binary or not. */
    public static List<Finding> scan(InputStream in) throws IOException {
        List<Finding> findings = new ArrayList<>(0);
        for (org.latchkey.scan.Finding found : STREAMS.get().scan(in, true)) {
            if (isLatchkey(found.kind())) {
                findings.add(new Finding(found.secret(), (int) Math.min(found.line(), Integer.MAX_VALUE)));
            }
        }
        return findings;
    }

    public static List<Finding> scan(byte[] content, int length) {
        List<Finding> findings = new ArrayList<>(0);
        int line = 1;
        int lineCountedTo = 0;
        for (int i = 0; i + TokenFormat.LENGTH <= length; i++) {
            SecretKind kind = content[i] == 'l' ? Detectors.at(content, i, length) : null;
            if (!isLatchkey(kind)) {
                continue;
            }
            for (; lineCountedTo < i; lineCountedTo++) {
                if (content[lineCountedTo] == '\n') {
                    line++;
                }
            }
            findings.add(new Finding(new String(content, i, kind.length(), StandardCharsets.US_ASCII), line));
            i += kind.length() - 1;
        }
        return findings;
    }

    private static boolean isLatchkey(SecretKind kind) {
        return kind == SecretKind.LATCHKEY || kind == SecretKind.LATCHKEY_CLIENT_SECRET;
    }

    public static List<Finding> scan(byte[] content) {
        return scan(content, content.length);
    }
}
