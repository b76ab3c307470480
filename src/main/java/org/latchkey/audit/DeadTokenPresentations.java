package org.latchkey.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's record of dead tokens presented (revoked, expired, suspended), coalesced so that
 * replaying one cannot fill the disk. Per token, address and outcome in each clock window, the
 * first presentation is written at once, and its repeats as one more event once the window has
 * closed; each event carries {@code count}, {@code first_at} and {@code last_at} of the
 * presentations it stands for, so the counts add up. Past {@code ceiling} addresses for one token
 * in a window, presentations from further addresses are only counted, into one event per token and
 * outcome without an address. Chained events are never changed: a count is written only when it is
 * final. {@link #flush} (every minute, by its owner's thread) writes closed windows; closing writes
 * every window, so a clean stop loses nothing, and a kill loses at most the open windows' repeats.
 */
public final class DeadTokenPresentations implements AutoCloseable {

    public static final Duration WINDOW = Duration.ofHours(1);
    public static final int CEILING = 50;
    /** How often {@link #flush} is meant to run. */
    public static final Duration FLUSH_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(DeadTokenPresentations.class);

    private final AuditLog audit;
    private final Clock clock;
    private final long windowMillis;
    private final int ceiling;
    private final Map<WindowKey, TokenWindow> windows = new ConcurrentHashMap<>();

    /**
     * One presentation as counted: whether it was the first of its address and outcome in the
     * window (and so written), and whether it was among the token's first {@code ceiling} there.
     */
    public record Presentation(boolean firstOfAddress, boolean withinCeiling) {
    }

    private record WindowKey(long tokenId, long start) {
    }

    /** One hour's record ({@link #WINDOW}), {@link #CEILING} addresses per token. */
    public DeadTokenPresentations(AuditLog audit, Clock clock) {
        this(audit, clock, WINDOW, CEILING);
    }

    public DeadTokenPresentations(AuditLog audit, Clock clock, Duration window, int ceiling) {
        if (window.toMillis() <= 0 || ceiling <= 0) {
            throw new IllegalArgumentException("window and ceiling must be positive, were " + window + " and " + ceiling);
        }
        this.audit = audit;
        this.clock = clock;
        this.windowMillis = window.toMillis();
        this.ceiling = ceiling;
    }

    /**
     * Counts one presentation of a dead token, {@code outcome} saying how it was dead; the first of
     * its address and outcome in the window (within the ceiling) is written to the audit log now.
     */
    public Presentation presented(AuditAction outcome, long userId, long tokenId, Origin origin) {
        Instant now = clock.instant();
        WindowKey key = new WindowKey(tokenId, now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), windowMillis));
        while (true) {
            TokenWindow window = windows.computeIfAbsent(key, k -> new TokenWindow(userId, tokenId, ceiling));
            synchronized (window) {
                if (!window.closed()) {
                    return window.add(outcome, origin, now, audit);
                }
            }
        }
    }

    /** Writes the repeats of every window that has closed by the clock. */
    public void flush() {
        write(clock.millis());
    }

    private void write(long closedBy) {
        for (Map.Entry<WindowKey, TokenWindow> entry : windows.entrySet()) {
            if (entry.getKey().start() + windowMillis <= closedBy && windows.remove(entry.getKey(), entry.getValue())) {
                List<TokenWindow.Repeats> repeats;
                synchronized (entry.getValue()) {
                    repeats = entry.getValue().close();
                }
                repeats.forEach(this::write);
            }
        }
    }

    private void write(TokenWindow.Repeats repeats) {
        audit.record(repeats.outcome(), repeats.userId(), null, repeats.tokenId(), repeats.origin(), repeats.details());
    }

    /** Writes every window, closed or not: on stop, after the last presentation. */
    @Override
    public void close() {
        try {
            write(Long.MAX_VALUE);
        } catch (RuntimeException e) {
            LOG.warn("could not write dead-token presentations on stop: {}", e.toString());
        }
    }
}
