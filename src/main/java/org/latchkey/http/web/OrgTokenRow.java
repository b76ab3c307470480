package org.latchkey.http.web;

import java.time.Instant;
import java.util.Map;
import org.latchkey.repo.RepositoryStore;
import org.latchkey.token.ResourceGrant;
import org.latchkey.token.Token;

/**
 * A fine-grained token as an organisation's owners see it: who holds it, and what it may do on
 * this organisation only (not on the holder's other owners). Public for the templates.
 */
public record OrgTokenRow(TokenRow row, String holder, String repositories) {

    static OrgTokenRow of(Token token, long orgId, Map<Long, String> logins, Instant now, RepositoryStore repositories) {
        ResourceGrant grant = token.fineGrained().grantFor(orgId).orElseThrow();
        return new OrgTokenRow(TokenRow.of(token, now, repositories),
                logins.getOrDefault(token.userId(), "a former member (user " + token.userId() + ")"),
                TokenRow.describe(grant, repositories));
    }

    public Token token() {
        return row.token();
    }
}
