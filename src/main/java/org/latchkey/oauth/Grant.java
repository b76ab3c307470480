package org.latchkey.oauth;

import java.util.Map;
import org.latchkey.audit.Origin;

/**
 * One grant type of the token endpoint, keyed by its {@code grant_type}: the authorization code
 * and the refresh token here; the device code ({@code urn:ietf:params:oauth:grant-type:device_code})
 * plugs in the same way, given to {@link TokenEndpoint}'s constructor.
 */
public interface Grant {

    /** The {@code grant_type} value this grant answers. */
    String type();

    /** Exchanges the request's parameters for tokens, for an authenticated client; refuses with {@link OAuthError}. */
    IssuedTokens exchange(OAuthApp client, Map<String, String> params, Origin origin);

    /** Whether a confidential client may omit its secret (it is still checked when sent). */
    default boolean secretOptional() {
        return false;
    }
}
