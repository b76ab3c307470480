package org.latchkey.notice;

/**
 * A delivery a dispatcher has claimed, with what it needs to send it: the notice (null for a ping),
 * and the hook ({@code hookId}, {@code hookUrl}, its still sealed secret, whether it was deleted
 * since) or the owner's current email address (null when none).
 * {@code attempt} counts from 1 and includes this one.
 */
public record Delivery(long id, Channel channel, long userId, String event, int attempt, int maxAttempts,
                       StoredNotice notice, Long hookId, String hookUrl, String hookSealedSecret, boolean hookDeleted,
                       String email) {
}
