package org.latchkey.oidc;

import java.time.Instant;

/**
 * The ID tokens already used, by a digest of their issuer and {@code jti}, kept until they could
 * no longer verify. Insert-if-absent on a unique key, so that one token is accepted once across
 * every node sharing the database.
 */
public interface SeenIdTokenStore {

    /** Records the token; false when it was already recorded (a replay). */
    boolean firstUse(String digest, Instant keepUntil);

    /** Deletes the records kept until before {@code cutoff}; answers how many went. */
    int pruneBefore(Instant cutoff);
}
