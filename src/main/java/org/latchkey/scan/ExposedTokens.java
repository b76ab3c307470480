package org.latchkey.scan;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;

/**
 * The Latchkey tokens that secrets found in pushed or published content belong to, and whether each
 * still works: push and publish protection refuse content holding a live one and record the rest.
 * Push protection also refuses a live OAuth app's client secret.
 */
public final class ExposedTokens {

    /** A token whose secret was found, live or not at the moment it was found. */
    public record Exposure(Token token, boolean live) {

        /**
         * Where it was found, followed, when the person told owns the token, by which of their
         * tokens it is (another user's token is never named).
         */
        public String describe(String location, long toldUserId) {
            return token.userId() == toldUserId ? location + " (your token '" + token.name() + "', id " + token.id() + ")"
                    : location;
        }
    }

    private final TokenStore tokens;
    private final Clock clock;
    private final Supplier<LeakedClientSecrets> clientSecrets;

    public ExposedTokens(TokenStore tokens, Clock clock) {
        this(tokens, clock, () -> LeakedClientSecrets.NONE);
    }

    /** {@code clientSecrets} is asked for when a client secret is found (the OAuth apps are built later). */
    public ExposedTokens(TokenStore tokens, Clock clock, Supplier<LeakedClientSecrets> clientSecrets) {
        this.tokens = tokens;
        this.clock = clock;
        this.clientSecrets = clientSecrets;
    }

    /** The live OAuth app a found client secret ({@code lkcs_}) belongs to, if any. */
    public Optional<LeakedClientSecrets.App> clientSecret(String secret) {
        return clientSecrets.get().appOf(secret);
    }

    /**
     * A file's path as it may be shown and stored: a path that itself holds something shaped like
     * a secret (a file named after a token) is not repeated.
     */
    public static String shownPath(String path) {
        return TokenFormat.containsSecret(path) ? "(a file whose name holds a token secret)" : path;
    }

    /** The token this well-formed secret belongs to, if any. */
    public Optional<Exposure> of(String secret) {
        return tokens.findByHash(TokenHash.of(secret)).map(token -> new Exposure(token, token.isLiveAt(clock.instant())));
    }
}
