package org.latchkey.auth;

import java.time.Duration;
import java.time.Instant;
import org.latchkey.HumanTime;
import org.latchkey.Refusal;

/**
 * A revoked, expired or suspended token presented too often: answered 429 until the throttle lifts,
 * for this secret only, with the same code and explanation as its 401 and when to try again.
 */
public final class DeadTokenThrottled extends Refusal {

    private final String code;
    private final long retryAfterSeconds;

    DeadTokenThrottled(AuthenticationFailed dead, Instant until, Instant now) {
        super(dead.getMessage() + " It was presented too often: it is refused without another look until "
                + HumanTime.format(until) + ".");
        this.code = dead.code();
        this.retryAfterSeconds = Math.max(1, Duration.between(now, until).toSeconds());
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Kind kind() {
        return Kind.RATE_LIMITED;
    }

    @Override
    public String code() {
        return code;
    }
}
