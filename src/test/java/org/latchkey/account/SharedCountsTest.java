package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.account.SharedCounts.Kind;

class SharedCountsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    /** An exchange that fails while told to, and remembers what it was given. */
    private static final class Flaky implements CountExchange {
        boolean down;
        final List<Count> received = new ArrayList<>();

        @Override
        public List<Count> exchange(String node, List<Count> increments, long sinceSecond) {
            if (down) {
                throw new IllegalStateException("unreachable");
            }
            received.addAll(increments);
            return List.of();
        }
    }

    @Test
    void increments_thatFailToPush_areKeptForTheNextSync() {
        Flaky exchange = new Flaky();
        SharedCounts counts = SharedCounts.shared(exchange, "a", clock);
        counts.add(Kind.IP_FAILURE, "203.0.113.9", clock.millis() / 1000, 1);
        exchange.down = true;

        assertThatThrownBy(counts::sync).isInstanceOf(IllegalStateException.class);
        counts.add(Kind.IP_FAILURE, "203.0.113.9", clock.millis() / 1000, 1);
        exchange.down = false;
        counts.sync();
        counts.sync();

        assertThat(exchange.received).extracting(CountExchange.Count::n).containsExactly(2L);
    }

    @Test
    void aSingleNode_keepsNothing_andSyncsNothing() {
        SharedCounts counts = SharedCounts.local(clock);
        counts.add(Kind.RATE, "1", 0, 1);
        counts.sync();

        assertThat(counts.enabled()).isFalse();
        assertThat(counts.othersSince(Kind.RATE, "1", 0)).isZero();
    }
}
