package org.latchkey.oauth;

import java.util.List;
import java.util.Map;
import org.latchkey.account.User;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;

/** The apps a user has authorized, and revoking one: the grant ends and every token of it is revoked. */
public final class OAuthGrants {

    private final OAuthStore store;
    private final OAuthTokens tokens;
    private final AuditLog audit;

    public OAuthGrants(OAuthStore store, OAuthTokens tokens, AuditLog audit) {
        this.store = store;
        this.tokens = tokens;
        this.audit = audit;
    }

    public List<AuthorizedApp> list(long userId) {
        return store.grantsOf(userId);
    }

    /** One of the user's live grants, with its app. */
    public AuthorizedApp get(User user, long grantId) {
        return store.grantsOf(user.id()).stream().filter(a -> a.grant().id() == grantId).findFirst()
                .orElseThrow(OAuthRefusals::noSuchGrant);
    }

    /** The tokens one of the user's grants holds or held, newest first: each is named after the app. */
    public List<Token> tokens(User user, long grantId) {
        return store.tokensOf(get(user, grantId).grant().id());
    }

    public void revoke(User user, long grantId, Origin origin) {
        AuthorizedApp authorized = get(user, grantId);
        List<Token> revoked = store.revokeGrant(grantId, RevocationReason.REVOKED, tokens.now());
        tokens.forget(revoked);
        audit.record(AuditAction.OAUTH_GRANT_REVOKED, user.id(), user.login(), null, origin, Map.of(
                "app", authorized.app().name(), "client_id", authorized.app().clientId(),
                "tokens_revoked", Integer.toString(revoked.size())));
    }
}
