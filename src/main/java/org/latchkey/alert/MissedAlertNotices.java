package org.latchkey.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.latchkey.notice.Notifier;
import org.latchkey.notice.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the alerts that were stored as told but whose notice never reached the outbox, because the
 * node stopped between the two: every {@link #INTERVAL}, alerts of the last {@link #LOOK_BACK} that
 * are older than {@link #SETTLE} (so a node still telling its alert is not raced; a race would
 * cost nothing, as the outbox tells each alert's notice once). The look-back is shorter than the
 * shortest retention window (a day), so a notice is never pruned while its alert is still looked at.
 * Such a notice cannot say how many alerts were held back before it.
 */
public final class MissedAlertNotices implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofMinutes(10);
    static final Duration LOOK_BACK = Duration.ofHours(12);
    static final Duration SETTLE = Duration.ofMinutes(1);
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(MissedAlertNotices.class);

    private final SecurityAlertStore store;
    private final Notifier notifier;
    private final Clock clock;
    private Periodic background;

    public MissedAlertNotices(SecurityAlertStore store, Notifier notifier, Clock clock) {
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Tells what was missed now; answers how many notices were told. */
    public int run() {
        Instant now = clock.instant();
        int told = 0;
        int toldInBatch;
        List<SecurityAlert> missed;
        do {
            missed = store.toldWithoutNotice(now.minus(LOOK_BACK), now.minus(SETTLE), BATCH);
            toldInBatch = 0;
            for (SecurityAlert alert : missed) {
                if (notifier.tell(Alerts.notice(alert, 0))) {
                    toldInBatch++;
                }
            }
            told += toldInBatch;
        } while (missed.size() == BATCH && toldInBatch > 0);
        if (told > 0) {
            LOG.info("told {} security alert notices that a stopped node had not told", told);
        }
        return told;
    }

    /** Runs in the background: a minute after start, then every {@link #INTERVAL}. */
    public synchronized MissedAlertNotices start() {
        if (background == null) {
            background = new Periodic("latchkey-missed-alert-notices", this::run).schedule(Duration.ofMinutes(1), INTERVAL);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (background != null) {
            background.close();
        }
    }
}
