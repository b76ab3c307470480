package org.latchkey.oauth;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.latchkey.Text;
import org.latchkey.audit.Origin;

/**
 * {@code POST /login/oauth/access_token} without HTTP: authenticates the client
 * ({@link ClientAuthentication}), then hands the request to the
 * {@link Grant} its {@code grant_type} names.
 */
public final class TokenEndpoint {

    private final ClientAuthentication clients;
    private final Map<String, Grant> grants;

    public TokenEndpoint(OAuthStore store, List<Grant> grants, Clock clock) {
        this.clients = new ClientAuthentication(store, clock);
        this.grants = grants.stream().collect(Collectors.toUnmodifiableMap(Grant::type, Function.identity()));
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
        OAuthApp client = clients.authenticate(credentials, grant != null && grant.secretOptional());
        if (grant == null) {
            throw OAuthError.unsupportedGrantType("The grant_type " + Text.quoted(grantType, "given")
                    + " is not supported; use one of " + String.join(", ", grants.keySet().stream().sorted().toList()) + ".");
        }
        return grant.exchange(client, params, origin);
    }
}
