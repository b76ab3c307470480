package org.latchkey.notice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.latchkey.token.Token;
import org.latchkey.token.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each token's owner when it is about to expire: 7 days before, 1 day before, and once it has
 * expired. Each run looks at the tokens expiring within 7 days or expired within the last 7 days
 * and tells, per token, <em>only the most urgent stage that is due</em>, under the key
 * {@code token.expiring:<id>:<7d|1d>:<expiry>} or {@code token.expired:<id>:<expiry>}. So:
 * <ul>
 *   <li>a run repeated (or a restart) never tells twice: the key was told already;</li>
 *   <li>a job that was down across a threshold tells once when it comes back, the stage due then
 *       (back 2 days before expiry: the 7-day notice, saying "in 2 days"; back 12 hours before: the
 *       1-day notice only), and never a stale one afterwards (a 7-day notice after the 1-day one);</li>
 *   <li>a token regenerated with a new expiry starts again, since the expiry is part of the key;</li>
 *   <li>a warning is not sent for a token created (with its expiry) already inside that warning's
 *       window: a token made to last 3 days gets the 1-day warning and the expired notice, not the
 *       7-day warning;</li>
 *   <li>an expiry more than 7 days past is not told at all (a server down for weeks, or tokens that
 *       expired before this feature existed), nor are revoked, deleted or session tokens.</li>
 * </ul>
 */
public final class ExpiryNotices implements AutoCloseable {

    /** The warning windows and the lateness after which an expiry is no longer worth telling. */
    static final Duration WEEK = Duration.ofDays(7);
    static final Duration DAY = Duration.ofDays(1);
    static final Duration EXPIRED_GRACE = Duration.ofDays(7);
    /** How often the server runs the job. */
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    public static final String EXPIRING = "token.expiring";
    public static final String EXPIRED = "token.expired";
    /**
     * How long after a notice is told its key could come due again. A key names its expiry, and a
     * run tells an expiry only from {@link #WEEK} before it to {@link #EXPIRED_GRACE} after it; so a
     * notice told at {@code t} names an expiry before {@code t + WEEK}, which no run tells after
     * {@code t + WEEK + EXPIRED_GRACE}, whatever happens to the token (regenerated, revoked, or not).
     */
    public static final Duration KEY_LIFETIME = WEEK.plus(EXPIRED_GRACE);

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryNotices.class);

    /** The stages a token goes through, most urgent last. */
    enum Stage {
        WEEK_LEFT("7d"), DAY_LEFT("1d"), EXPIRED("expired");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final TokenStore tokens;
    private final Notifier notifier;
    private final Clock clock;
    private final ExpiryMessage messages;
    private Periodic background;

    /** {@code publicUrl}: where people reach this server, e.g. {@code https://latchkey.example.com}. */
    public ExpiryNotices(TokenStore tokens, Notifier notifier, Clock clock, String publicUrl) {
        this.tokens = tokens;
        this.notifier = notifier;
        this.clock = clock;
        this.messages = new ExpiryMessage(publicUrl);
    }

    /** Looks at every token once as the clock now stands; answers how many notices were new. */
    public synchronized int run() {
        Instant now = clock.instant();
        int told = 0;
        for (Token token : tokens.listExpiringBetween(now.minus(EXPIRED_GRACE), now.plus(WEEK))) {
            Optional<Stage> due = due(token, now);
            if (due.isPresent() && notifier.tell(messages.notice(token, due.get(), now))) {
                told++;
            }
        }
        if (told > 0) {
            LOG.info("told {} token expiry notices", told);
        }
        return told;
    }

    /** Runs the job in the background: half a minute after start, then every {@link #INTERVAL}. */
    public synchronized ExpiryNotices start() {
        if (background == null) {
            background = new Periodic("latchkey-expiry-notices", this::run).schedule(Duration.ofSeconds(30), INTERVAL);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (background != null) {
            background.close();
        }
    }

    /** The most urgent stage due for this token now, if one is worth telling. */
    static Optional<Stage> due(Token token, Instant now) {
        Instant expiry = token.expiresAt();
        if (expiry == null || token.revokedAt() != null || token.isDeleted()) {
            return Optional.empty();
        }
        if (!now.isBefore(expiry)) {
            return now.isAfter(expiry.plus(EXPIRED_GRACE)) ? Optional.empty() : Optional.of(Stage.EXPIRED);
        }
        if (!now.isBefore(expiry.minus(DAY))) {
            return bornInside(token, DAY) ? Optional.empty() : Optional.of(Stage.DAY_LEFT);
        }
        if (!now.isBefore(expiry.minus(WEEK))) {
            return bornInside(token, WEEK) ? Optional.empty() : Optional.of(Stage.WEEK_LEFT);
        }
        return Optional.empty();
    }

    private static boolean bornInside(Token token, Duration window) {
        return token.createdAt().isAfter(token.expiresAt().minus(window));
    }
}
