package org.latchkey.notice;

import java.time.Instant;

/**
 * One notice to one channel, to be stored before it is sent: to the owner's email address
 * ({@code hookId} null) or to one hook. {@code noticeId} is null for a hook's ping.
 */
public record NewDelivery(Long noticeId, long userId, String event, Channel channel, Long hookId, int maxAttempts,
                          Instant dueAt) {

    /** What makes a delivery unique per notice: {@code email} or {@code hook:<id>}. */
    public String target() {
        return hookId == null ? "email" : "hook:" + hookId;
    }
}
