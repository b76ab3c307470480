package org.latchkey.auth;

import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.TryLater;

/**
 * A revoked, expired or suspended token presented too often: answered 429 until the throttle lifts,
 * for this secret only, with the same code and explanation as its 401 and when to try again.
 */
public final class DeadTokenThrottled extends TryLater {

    private final String code;

    DeadTokenThrottled(AuthenticationFailed dead, Instant until, Instant now) {
        super(dead.getMessage() + " It was presented too often: stop retrying it; every try until "
                + HumanTime.format(until) + " is answered 429.", secondsUntil(until, now));
        this.code = dead.code();
    }

    @Override
    public String code() {
        return code;
    }
}
