package org.latchkey.token;

/** Whatever keeps tokens in memory for the hot path; told before a change to a token is answered. */
public interface TokenCache {

    void invalidate(TokenHash hash);
}
