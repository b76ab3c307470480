package org.latchkey;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What a token secret looks like from outside: one of the token prefixes (or a client secret's),
 * an underscore and 36 base62 characters. {@link Text} checks client text against it so that no secret is stored or
 * repeated; {@code token.TokenFormat} makes and parses secrets of this shape.
 */
public final class SecretShape {

    /** The prefixes of every token type's secrets, and of OAuth apps' client secrets ({@code lkcs}). */
    public static final List<String> PREFIXES = List.of("lkp", "lkf", "lks", "lkj", "lko", "lkr", "lkcs");
    private static final String ANY_PREFIX = String.join("|", PREFIXES);
    private static final Pattern WHOLE = Pattern.compile("(?:" + ANY_PREFIX + ")_[0-9A-Za-z]{36}");
    private static final Pattern PREFIX = Pattern.compile("(?:" + ANY_PREFIX + ")_", Pattern.CASE_INSENSITIVE);

    private SecretShape() {
    }

    /**
     * Whether text holds something shaped like a whole secret (prefix, underscore and 36 base62
     * characters, checksum right or not: a mistyped secret is still a secret).
     */
    public static boolean containsSecret(CharSequence text) {
        return WHOLE.matcher(text).find();
    }

    /**
     * Whether text may hold a secret or a piece of one: a token prefix and underscore anywhere, in
     * any case. Such text is never repeated back to a client.
     */
    public static boolean mayHoldSecret(CharSequence text) {
        return PREFIX.matcher(text).find();
    }
}
