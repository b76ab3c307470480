package org.latchkey.org;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.latchkey.InvalidField;
import org.latchkey.Refusal;
import org.latchkey.Text;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;
import org.latchkey.auth.Principal;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenCache;
import org.latchkey.token.TokenRefusals;
import org.latchkey.token.TokenStore;

/**
 * What an organisation's owners do with the fine-grained tokens aimed at it: list requests awaiting
 * approval, approve or deny them, list active tokens and revoke any of them. Each step goes to the
 * audit logs of the organisation and of the token's owner.
 */
public final class OrgTokens {

    /** A denial's reason is shown to the token's owner; this long at most. */
    static final int MAX_REASON = 1000;

    private final OrgService orgs;
    private final TokenStore tokens;
    private final TokenCache cache;
    private final AuditLog audit;
    private final Clock clock;

    public OrgTokens(OrgService orgs, TokenStore tokens, TokenCache cache, AuditLog audit, Clock clock) {
        this.orgs = orgs;
        this.tokens = tokens;
        this.cache = cache;
        this.audit = audit;
        this.clock = clock;
    }

    /** Tokens whose grant on the organisation awaits an owner's decision. */
    public List<Token> requests(Principal principal, String orgLogin) {
        Org org = managed(principal, orgLogin);
        return tokens.listByResourceOwner(org.id()).stream()
                .filter(token -> token.isActiveAt(clock.instant()))
                .filter(token -> grant(token, org).approval() == ResourceGrant.Approval.PENDING)
                .toList();
    }

    /** Live fine-grained tokens that may act on the organisation (approved or needing no approval). */
    public List<Token> active(Principal principal, String orgLogin) {
        Org org = managed(principal, orgLogin);
        return tokens.listByResourceOwner(org.id()).stream()
                .filter(token -> token.isActiveAt(clock.instant()))
                .filter(token -> grant(token, org).approval().usable())
                .toList();
    }

    public Token approve(Principal principal, String orgLogin, long tokenId, Origin origin) {
        return decide(principal, orgLogin, tokenId, ResourceGrant.Approval.APPROVED, null, origin);
    }

    public Token deny(Principal principal, String orgLogin, long tokenId, String reason, Origin origin) {
        if (reason == null || reason.isBlank()) {
            throw InvalidField.missing("reason");
        }
        return decide(principal, orgLogin, tokenId, ResourceGrant.Approval.DENIED,
                Text.requireClean("reason", reason, MAX_REASON, true), origin);
    }

    public void revoke(Principal principal, String orgLogin, long tokenId, Origin origin) {
        Org org = managed(principal, orgLogin);
        Token token = tokenOn(org, tokenId);
        tokens.revoke(token.id(), RevocationReason.REVOKED, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        cache.invalidate(token.hash());
        record(AuditAction.TOKEN_REVOKED, principal, org, token, origin, Map.of("revoked_by_org_owner", "true"));
    }

    private Token decide(Principal principal, String orgLogin, long tokenId, ResourceGrant.Approval decision, String reason,
                         Origin origin) {
        Org org = managed(principal, orgLogin);
        Token token = tokenOn(org, tokenId);
        ResourceGrant grant = grant(token, org);
        if (grant.approval() != ResourceGrant.Approval.PENDING) {
            throw TokenRefusals.conflict("This token's request was already " + grant.approval().wireName().replace('_', ' ') + ".");
        }
        Token decided = tokens.decide(token.id(), grant.decided(decision, principal.user().login(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), reason));
        cache.invalidate(token.hash());
        record(decision == ResourceGrant.Approval.APPROVED ? AuditAction.TOKEN_APPROVED : AuditAction.TOKEN_DENIED,
                principal, org, token, origin, reason == null ? Map.of() : Map.of("reason", reason));
        return decided;
    }

    private Org managed(Principal principal, String orgLogin) {
        return orgs.managed(principal, orgLogin);
    }

    private Token tokenOn(Org org, long tokenId) {
        return tokens.findById(tokenId)
                .filter(token -> token.isFineGrained() && !token.isDeleted() && token.fineGrained().grantFor(org.id()).isPresent())
                .orElseThrow(() -> Refusal.noSuch("token"));
    }

    private static ResourceGrant grant(Token token, Org org) {
        return token.fineGrained().grantFor(org.id()).orElseThrow();
    }

    private void record(AuditAction action, Principal principal, Org org, Token token, Origin origin, Map<String, String> extra) {
        Map<String, String> details = new java.util.HashMap<>(extra);
        details.put("org", org.login());
        details.put("name", token.name());
        audit.record(action, org.id(), principal.user().login(), token.id(), origin, details);
        audit.record(action, token.userId(), principal.user().login(), token.id(), origin, details);
    }
}
