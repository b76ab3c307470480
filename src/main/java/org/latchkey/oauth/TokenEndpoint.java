package org.latchkey.oauth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.latchkey.Text;
import org.latchkey.audit.Origin;

/**
 * {@code POST /login/oauth/access_token} without HTTP: authenticates the client (a confidential
 * app by one of its secrets, a public app by its client_id alone), then hands the request to the
 * {@link Grant} its {@code grant_type} names.
 */
public final class TokenEndpoint {

    private final OAuthStore store;
    private final Map<String, Grant> grants;
    private final Clock clock;

    public TokenEndpoint(OAuthStore store, List<Grant> grants, Clock clock) {
        this.store = store;
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(Grant::type, Function.identity()));
        this.clock = clock;
    }

    public IssuedTokens exchange(ClientCredentials credentials, Map<String, String> params, Origin origin) {
        String grantType = params.get("grant_type");
        if (grantType == null) {
            grantType = params.containsKey("code") ? AuthorizationCodeGrant.TYPE : null;
        }
        if (grantType == null) {
            throw OAuthError.invalidRequest("grant_type is missing.");
        }
        Grant grant = grants.get(grantType);
        OAuthApp client = authenticate(credentials, grant != null && grant.secretOptional());
        if (grant == null) {
            throw OAuthError.unsupportedGrantType("The grant_type " + Text.quoted(grantType, "given")
                    + " is not supported; use one of " + String.join(", ", grants.keySet().stream().sorted().toList()) + ".");
        }
        return grant.exchange(client, params, origin);
    }

    private OAuthApp authenticate(ClientCredentials credentials, boolean secretOptional) {
        if (credentials.clientId() == null || credentials.clientId().isEmpty()) {
            throw OAuthError.invalidClient("Client authentication failed: client_id is missing.");
        }
        OAuthApp app = java.util.Optional.of(credentials.clientId()).filter(OAuthApps::plausibleClientId)
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
}
