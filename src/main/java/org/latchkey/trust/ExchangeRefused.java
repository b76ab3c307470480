package org.latchkey.trust;

import org.latchkey.Refusal;

/**
 * A refused exchange: the refusal of the failed check (its kind, code and text unchanged), with the
 * request id under which the owners' security log explains it. The text names no policy.
 */
public final class ExchangeRefused extends Refusal {

    private final String requestId;

    ExchangeRefused(Refusal refusal, String requestId) {
        super(refusal.kind(), refusal.code(), refusal.reason() + " (request id " + requestId + ")",
                refusal.fix().orElse(null), refusal.retryAfter().orElse(null));
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
