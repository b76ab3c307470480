package org.latchkey.oauth;

/** How a client named itself at the token endpoint: from HTTP Basic or from form fields (never both); secret may be null. */
public record ClientCredentials(String clientId, String secret, boolean basic) {

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + (secret == null ? "" : ", secret") + "]";
    }
}
