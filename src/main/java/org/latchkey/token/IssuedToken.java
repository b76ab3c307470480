package org.latchkey.token;

/** A token together with its secret, which exists only in this value and the one response showing it. */
public record IssuedToken(Token token, String secret) {

    @Override
    public String toString() {
        return "IssuedToken[id=" + token.id() + ", secret=<hidden>]";
    }
}
