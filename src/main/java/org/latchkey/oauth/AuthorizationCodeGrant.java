package org.latchkey.oauth;

import java.time.Instant;
import java.util.Map;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;

/**
 * {@code grant_type=authorization_code}: a code is good once, for ten minutes, for the client it
 * was issued to, with the redirect URI its request named and the PKCE verifier of its challenge.
 * A code presented again is taken for a stolen copy: every token the first exchange issued (and
 * their refreshes) is revoked, and the event audited.
 */
public final class AuthorizationCodeGrant implements Grant {

    public static final String TYPE = "authorization_code";
    private static final String BAD_CODE = "The code is wrong, expired or already used.";

    private final OAuthStore store;
    private final OAuthTokens tokens;
    private final AuditLog audit;

    public AuthorizationCodeGrant(OAuthStore store, OAuthTokens tokens, AuditLog audit) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public IssuedTokens exchange(OAuthApp client, Map<String, String> params, Origin origin) {
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw OAuthError.invalidRequest("code is missing.");
        }
        if (code.length() > 200) {
            throw OAuthError.invalidGrant(BAD_CODE);
        }
        AuthorizationCode stored = store.findCode(Pkce.sha256(code)).orElseThrow(() -> OAuthError.invalidGrant(BAD_CODE));
        Instant now = tokens.now();
        if (stored.usedAt() != null) {
            throw reused(stored, client, origin, now);
        }
        if (stored.appId() != client.id() || !now.isBefore(stored.expiresAt())) {
            throw OAuthError.invalidGrant(BAD_CODE);
        }
        checkRedirect(stored, client, params.get("redirect_uri"));
        checkVerifier(stored, params.get("code_verifier"));
        if (!store.useCode(stored.id(), now)) {
            throw reused(stored, client, origin, now);
        }
        return tokens.issue(client, stored.userId(), stored.grantId(), stored.id(), null, stored.scopes(),
                AuditAction.OAUTH_TOKEN_ISSUED, origin);
    }

    private static void checkRedirect(AuthorizationCode stored, OAuthApp client, String given) {
        if (stored.redirectUri() != null ? !stored.redirectUri().equals(given)
                : given != null && CallbackUrls.match(client.callbackUrls(), given).isEmpty()) {
            throw OAuthError.invalidGrant("The redirect_uri does not match the one of the authorization request.");
        }
    }

    private static void checkVerifier(AuthorizationCode stored, String verifier) {
        if (stored.codeChallenge() == null) {
            if (verifier != null) {
                throw OAuthError.invalidGrant("A code_verifier was sent for a request made without code_challenge.");
            }
            return;
        }
        if (verifier == null) {
            throw OAuthError.invalidRequest("code_verifier is missing: the authorization request used PKCE.");
        }
        if (!Pkce.verifies(verifier, stored.codeChallenge())) {
            throw OAuthError.invalidGrant("The code_verifier does not match the code_challenge.");
        }
    }

    private OAuthError reused(AuthorizationCode stored, OAuthApp client, Origin origin, Instant now) {
        java.util.List<Token> revoked = store.revokeByCode(stored.id(), RevocationReason.REUSE_DETECTED, now);
        tokens.forget(revoked);
        audit.record(AuditAction.OAUTH_CODE_REUSED, stored.userId(), client.name(), null, origin, Map.of(
                "app", client.name(), "client_id", client.clientId(), "tokens_revoked", Integer.toString(revoked.size())));
        return OAuthError.invalidGrant(BAD_CODE + " A code used twice revokes the tokens it gave.");
    }
}
