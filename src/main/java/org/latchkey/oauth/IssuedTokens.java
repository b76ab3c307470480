package org.latchkey.oauth;

import org.latchkey.token.Scopes;
import org.latchkey.token.Token;

/** An access token and its refresh token, with their secrets: answered once, never stored. */
public record IssuedTokens(Token access, String accessSecret, Token refresh, String refreshSecret, Scopes scopes) {

    @Override
    public String toString() {
        return "IssuedTokens[access=" + access.id() + ", refresh=" + refresh.id() + "]";
    }
}
