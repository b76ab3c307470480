package org.latchkey.oauth;

/** A client secret just made: shown this once, then only its hash remains. */
public record NewClientSecret(ClientSecret listed, String secret) {

    @Override
    public String toString() {
        return "NewClientSecret[" + listed.id() + "]";
    }
}
