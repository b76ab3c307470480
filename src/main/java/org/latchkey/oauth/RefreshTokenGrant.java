package org.latchkey.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenStore;
import org.latchkey.token.TokenType;

/**
 * {@code grant_type=refresh_token} with rotation: each refresh answers a new access token and a
 * new refresh token and uses up the old one. A used refresh token presented again is taken for a
 * stolen copy (reuse detection, as for a token family): the whole grant ends, every token of it is
 * revoked, and the event audited.
 */
public final class RefreshTokenGrant implements Grant {

    public static final String TYPE = "refresh_token";
    private static final String BAD_TOKEN = "The refresh token is wrong, expired or revoked.";

    private final OAuthStore store;
    private final TokenStore tokenStore;
    private final OAuthTokens tokens;
    private final AuditLog audit;

    public RefreshTokenGrant(OAuthStore store, TokenStore tokenStore, OAuthTokens tokens, AuditLog audit) {
        this.store = store;
        this.tokenStore = tokenStore;
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public IssuedTokens exchange(OAuthApp client, Map<String, String> params, Origin origin) {
        String secret = params.get("refresh_token");
        if (secret == null || secret.isEmpty()) {
            throw OAuthError.invalidRequest("refresh_token is missing.");
        }
        if (TokenFormat.parse(secret) != TokenType.OAUTH_REFRESH) {
            throw OAuthError.invalidGrant(BAD_TOKEN);
        }
        Token token = tokenStore.findByHash(TokenHash.of(secret)).orElseThrow(() -> OAuthError.invalidGrant(BAD_TOKEN));
        TokenLink link = store.link(token.id()).filter(l -> l.appId() == client.id())
                .orElseThrow(() -> OAuthError.invalidGrant(BAD_TOKEN));
        Instant now = tokens.now();
        if (token.revokedAt() != null) {
            throw token.revocationReason() == RevocationReason.ROTATED ? reused(token, link, client, origin, now)
                    : OAuthError.invalidGrant(BAD_TOKEN);
        }
        if (!now.isBefore(token.expiresAt())) {
            throw OAuthError.invalidGrant(BAD_TOKEN);
        }
        Scopes scopes = narrowed(token.scopes(), params.get("scope"));
        try {
            return tokens.issue(client, token.userId(), link.grantId(), link.codeId(), token.id(), scopes,
                    AuditAction.OAUTH_TOKEN_REFRESHED, origin);
        } catch (OAuthError used) {
            Token now2 = tokenStore.findById(token.id()).orElse(token);
            if (now2.revocationReason() == RevocationReason.ROTATED) {
                throw reused(now2, link, client, origin, now);
            }
            throw used;
        }
    }

    private static Scopes narrowed(Scopes granted, String asked) {
        if (asked == null) {
            return granted;
        }
        Scopes scopes = ScopeRequest.parse(asked).orElseThrow(() -> OAuthError.invalidScope("Unknown scope in scope."));
        if (!granted.granted().containsAll(scopes.granted())) {
            throw OAuthError.invalidScope("A refresh may only ask for scopes the authorization gave.");
        }
        return scopes;
    }

    private OAuthError reused(Token token, TokenLink link, OAuthApp client, Origin origin, Instant now) {
        List<Token> revoked = store.revokeGrant(link.grantId(), RevocationReason.REUSE_DETECTED, now);
        tokens.forget(revoked);
        audit.record(AuditAction.OAUTH_REFRESH_TOKEN_REUSED, token.userId(), client.name(), token.id(), origin, Map.of(
                "app", client.name(), "client_id", client.clientId(), "tokens_revoked", Integer.toString(revoked.size())));
        return OAuthError.invalidGrant("This refresh token was already used. Reuse of a refresh token means it was"
                + " copied, so the whole authorization was revoked; the app must ask for access again.");
    }
}
