package org.latchkey.oauth;

import java.time.Instant;

/** One of a confidential app's client secrets, as listed: never the secret, only when it was made and last used. */
public record ClientSecret(long id, long appId, Instant createdAt, Instant lastUsedAt) {
}
