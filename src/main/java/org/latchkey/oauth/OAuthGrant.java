package org.latchkey.oauth;

import java.time.Instant;
import org.latchkey.token.Scopes;

/** A user's authorization of an app: the scopes they approved, remembered so the same request skips the consent page. */
public record OAuthGrant(long id, long appId, long userId, Scopes scopes, Instant createdAt, Instant updatedAt,
                         Instant lastUsedAt) {
}
