package org.latchkey.oauth;

import java.time.Clock;
import java.util.Optional;

/**
 * Who a client is, from the credentials it sent (HTTP Basic or form fields): a confidential app by
 * one of its secrets, a public app by its client_id alone; anything else is {@code invalid_client}.
 * The token endpoint and introspection authenticate through here.
 */
public final class ClientAuthentication {

    private final OAuthStore store;
    private final Clock clock;

    public ClientAuthentication(OAuthStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public OAuthApp authenticate(ClientCredentials credentials) {
        return authenticate(credentials, false);
    }

    /**
     * As {@link #authenticate(ClientCredentials)}; with {@code secretOptional} (the device grant) a
     * confidential app that sends no secret is known by its client_id, and one that sends a secret
     * must send a right one.
     */
    public OAuthApp authenticate(ClientCredentials credentials, boolean secretOptional) {
        if (credentials.clientId() == null || credentials.clientId().isEmpty()) {
            throw OAuthError.invalidClient("Client authentication failed: client_id is missing.");
        }
        OAuthApp app = Optional.of(credentials.clientId()).filter(OAuthApps::plausibleClientId)
                .flatMap(store::findByClientId)
                .orElseThrow(() -> OAuthError.invalidClient("Client authentication failed."));
        if (!app.confidential()) {
            if (credentials.secret() != null) {
                throw OAuthError.invalidClient("Client authentication failed: a public app has no client secret.");
            }
            return app;
        }
        if (secretOptional && credentials.secret() == null) {
            return app;
        }
        if (credentials.secret() == null || credentials.secret().isEmpty() || credentials.secret().length() > 200
                || !store.secretMatches(app.id(), Pkce.sha256(credentials.secret()), clock.instant())) {
            throw OAuthError.invalidClient("Client authentication failed.");
        }
        return app;
    }

    /** A confidential app authenticated by its secret; a public app is {@code invalid_client}. */
    public OAuthApp confidential(ClientCredentials credentials) {
        OAuthApp app = authenticate(credentials);
        if (!app.confidential()) {
            throw OAuthError.invalidClient("Client authentication failed: only a confidential app (with a client secret)"
                    + " may do this.");
        }
        return app;
    }
}
