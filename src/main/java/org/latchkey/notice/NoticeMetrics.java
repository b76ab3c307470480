package org.latchkey.notice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counters of notices: {@code latchkey_notices_told_total{event}} (each new notice once, on the
 * node that told it) and {@code latchkey_notice_deliveries_total{channel,outcome}} (each attempt's
 * outcome: {@code delivered}, {@code retrying}, {@code failed} after the last attempt,
 * {@code cancelled}).
 */
public final class NoticeMetrics {

    /** What became of one attempt. */
    public enum Outcome {
        DELIVERED, RETRYING, FAILED, CANCELLED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<Channel, Map<Outcome, Counter>> deliveries = new EnumMap<>(Channel.class);

    public NoticeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Channel channel : Channel.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("latchkey.notice.deliveries")
                        .description("Notice delivery attempts, by channel and outcome")
                        .tag("channel", channel.wireName()).tag("outcome", outcome.tag()).register(registry));
            }
            deliveries.put(channel, byOutcome);
        }
    }

    /** Counters kept in memory only, for parts built outside a server. */
    public static NoticeMetrics unpublished() {
        return new NoticeMetrics(new SimpleMeterRegistry());
    }

    public void told(String event) {
        Counter.builder("latchkey.notices.told").description("Notices told to account owners, by event")
                .tag("event", event).register(registry).increment();
    }

    void delivery(Channel channel, Outcome outcome) {
        deliveries.get(channel).get(outcome).increment();
    }

    /** How many attempts on this channel had this outcome so far. */
    public double count(Channel channel, Outcome outcome) {
        return deliveries.get(channel).get(outcome).count();
    }
}
