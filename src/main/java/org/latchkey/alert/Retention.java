package org.latchkey.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.latchkey.notice.DeliveryStore;
import org.latchkey.notice.ExpiryNotices;
import org.latchkey.notice.NoticeStore;
import org.latchkey.notice.Periodic;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.UnusedTokenNotices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes, once an hour (the first time a minute after start), what notices, alerts and the use
 * rules no longer need, keeping {@code window} (the usage log's retention, 90 days by default) and
 * never anything whose loss could make a notice or an alert be told twice:
 * <ul>
 *   <li>deliveries delivered, failed or cancelled more than the window ago, with their attempts
 *       (the delivery log); pending and retrying ones stay, whatever their age;</li>
 *   <li>notices told more than the window ago, once fanned out and with no delivery left, and only
 *       when their key can no longer be told again: alert notices (keyed by the alert's id, told once
 *       as it is stored) and unused-token notices (keyed by the token, whose revocation is final) at
 *       once; expiry notices only once {@link ExpiryNotices#KEY_LIFETIME} (and a day's margin) has
 *       passed too, since until then the expiry job could come to the same key. Notices of any other
 *       event are kept, their key's life being unknown here;</li>
 *   <li>security alerts raised more than the window ago. The rate limit counts the last hour only;
 *       rules whose keys name an hour or a moment never raise an old key again; a new address or user
 *       agent is told once because its sighting is kept, not its alert;</li>
 *   <li>hourly use counts older than the burst rule's {@link BurstRule#HISTORY} (and a day);</li>
 *   <li>the pattern and sightings of each token revoked or deleted more than the window ago: it is
 *       never used again. An expired token keeps them, since it may be regenerated.</li>
 * </ul>
 * Counts go to the log and to {@code latchkey_retention_pruned_total{table}}.
 */
public final class Retention implements AutoCloseable {

    static final Duration FIRST_RUN = Duration.ofMinutes(1);
    static final Duration INTERVAL = Duration.ofHours(1);
    /** Room for the clocks of several nodes disagreeing, and for uses written a little late. */
    static final Duration MARGIN = Duration.ofDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final NoticeStore notices;
    private final DeliveryStore deliveries;
    private final SecurityAlertStore alerts;
    private final UsagePatternStore patterns;
    private final Clock clock;
    private final Duration window;
    private final Map<Pruned.Table, Counter> counters = new EnumMap<>(Pruned.Table.class);
    private volatile Periodic background;

    /** {@code window}: how long to keep what may go, at least a day. */
    public Retention(NoticeStore notices, DeliveryStore deliveries, SecurityAlertStore alerts, UsagePatternStore patterns,
                     Clock clock, Duration window, MeterRegistry registry) {
        if (window.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least a day, was " + window);
        }
        this.notices = notices;
        this.deliveries = deliveries;
        this.alerts = alerts;
        this.patterns = patterns;
        this.clock = clock;
        this.window = window;
        for (Pruned.Table table : Pruned.Table.values()) {
            counters.put(table, Counter.builder("latchkey.retention.pruned")
                    .description("Rows deleted by the retention job, by table").tag("table", table.tableName())
                    .register(registry));
        }
    }

    /** Deletes what may go as the clock now has it; answers how many rows of each table went. */
    public synchronized Pruned prune() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(window);
        Instant expiryKeysDead = now.minus(ExpiryNotices.KEY_LIFETIME).minus(MARGIN);
        Pruned pruned = deliveries.pruneFinishedBefore(cutoff)
                .plus(notices.pruneTold(settledEvents(), cutoff))
                .plus(notices.pruneTold(List.of(ExpiryNotices.EXPIRING, ExpiryNotices.EXPIRED),
                        cutoff.isBefore(expiryKeysDead) ? cutoff : expiryKeysDead))
                .plus(alerts.pruneBefore(cutoff))
                .plus(patterns.prune(now.minus(BurstRule.HISTORY).minus(MARGIN), cutoff));
        pruned.rows().forEach((table, rows) -> counters.get(table).increment(rows));
        if (pruned.total() > 0) {
            LOG.info("retention pruned {} rows older than {}: {}", pruned.total(), cutoff, pruned.rows().entrySet().stream()
                    .map(entry -> entry.getKey().tableName() + "=" + entry.getValue()).collect(Collectors.joining(", ")));
        }
        return pruned;
    }

    /** The events whose key is told at most once, when what it is about happens. */
    private static List<String> settledEvents() {
        List<String> events = new ArrayList<>();
        events.add(UnusedTokenNotices.EVENT);
        for (AlertRule rule : AlertRule.values()) {
            events.add(Alerts.event(rule));
        }
        return events;
    }

    /** Prunes in the background: {@link #FIRST_RUN} after start, then every {@link #INTERVAL}. */
    public synchronized Retention start() {
        if (background == null) {
            background = new Periodic("latchkey-retention", this::prune).schedule(FIRST_RUN, INTERVAL);
        }
        return this;
    }

    @Override
    public void close() {
        Periodic running = background;
        if (running != null) {
            running.close();
        }
    }
}
