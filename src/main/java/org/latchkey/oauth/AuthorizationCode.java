package org.latchkey.oauth;

import java.time.Instant;
import org.latchkey.token.Scopes;

/**
 * An authorization code as stored (only its hash identifies it): bound to its grant, the redirect
 * URI the request named (null when it named none), the PKCE challenge (null without PKCE), and
 * used at most once.
 */
public record AuthorizationCode(long id, long grantId, long appId, long userId, String redirectUri, Scopes scopes,
                                String codeChallenge, Instant expiresAt, Instant usedAt) {
}
