package org.latchkey.scan;

import java.util.ArrayList;
import java.util.List;
import org.latchkey.token.TokenFormat;

/**
 * Finds Latchkey token secrets in bytes: a known prefix, an underscore, 36 base62 characters and a
 * valid checksum, not glued to surrounding letters or digits. The checksum makes false positives
 * practically impossible.
 */
public final class TokenScanner {

    /** A well-formed secret and the 1-based line it stands on. */
    public record Finding(String secret, int line) {
        @Override
        public String toString() {
            return "Finding[line=" + line + ", secret=<hidden>]";
        }
    }

    private TokenScanner() {
    }

    public static List<Finding> scan(byte[] content, int length) {
        List<Finding> findings = new ArrayList<>(0);
        int line = 1;
        int lineCountedTo = 0;
        for (int i = 0; i + TokenFormat.LENGTH <= length; i++) {
            if (content[i] != 'l' || content[i + 1] != 'k' || content[i + 3] != '_' || !isPrefixLetter(content[i + 2])
                    || i > 0 && isBase62(content[i - 1])) {
                continue;
            }
            int end = i + TokenFormat.LENGTH;
            if (end < length && isBase62(content[end])) {
                continue;
            }
            String candidate = new String(content, i, TokenFormat.LENGTH, java.nio.charset.StandardCharsets.US_ASCII);
            if (TokenFormat.isWellFormed(candidate)) {
                for (; lineCountedTo < i; lineCountedTo++) {
                    if (content[lineCountedTo] == '\n') {
                        line++;
                    }
                }
                findings.add(new Finding(candidate, line));
                i = end - 1;
            }
        }
        return findings;
    }

    public static List<Finding> scan(byte[] content) {
        return scan(content, content.length);
    }

    private static boolean isPrefixLetter(byte b) {
        return b == 'p' || b == 'f' || b == 's';
    }

    private static boolean isBase62(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }
}
