package org.latchkey.auth;

import org.latchkey.account.User;

/**
 * A cached token's owner: the account as loaded and whether it had two-factor authentication on.
 * {@link TokenLookup} keeps one per account while equal loads agree, so the cached tokens of an
 * account share it; {@code lookup} (null outside the cache) reads what a principal does not keep.
 */
record Owner(User user, boolean twoFactor, TokenLookup lookup) {

    /** Whether a fresh load says the same: then the cached owner serves the new token too. */
    boolean sameAs(User loaded, boolean loadedTwoFactor) {
        return user.equals(loaded) && twoFactor == loadedTwoFactor;
    }
}
