package org.latchkey.oauth;

import java.time.Instant;
import org.latchkey.token.Scopes;

/**
 * A device authorization request as stored (only hashes of its codes identify it): its poll state
 * ({@code polls} counts the polls, so that only one of two concurrent polls records itself), the
 * approving user and grant or the denial, and when its tokens were issued.
 */
public record DeviceRequest(long id, long appId, Scopes scopes, Instant expiresAt, int interval, int polls,
                            Instant lastPollAt, Long userId, Long grantId, boolean denied, Instant usedAt) {

    /** Neither approved, nor denied, nor used. */
    public boolean undecided() {
        return userId == null && !denied && usedAt == null;
    }
}
