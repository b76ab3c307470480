package org.latchkey.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The lease as the hot path and the listener see it, driven by a monotonic source the test moves. */
class LeaseTest {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private final AtomicInteger clears = new AtomicInteger();
    private final Lease lease = Lease.renewable(nanos::get);

    @Test
    void a_lease_never_renewed_is_not_held_and_says_lapsed() {
        assertThat(lease.term()).isZero();
        assertThat(lease.state()).isEqualTo(Lease.LAPSED);
    }

    @Test
    void a_renewal_holds_until_its_sending_plus_the_length_minus_the_margin() {
        long sent = nanos.get();
        advance(Duration.ofMillis(400));
        lease.renewed(sent, clears::incrementAndGet);
        long term = lease.term();

        assertThat(term).isPositive();
        assertThat(clears).hasValue(1);
        nanos.set(sent + Lease.LENGTH.minus(Lease.MARGIN).toNanos() - 1);
        assertThat(lease.term()).isEqualTo(term);
        assertThat(lease.state()).isEqualTo(Lease.HELD);
        advance(Duration.ofNanos(1));
        assertThat(lease.term()).isZero();
        assertThat(lease.state()).isEqualTo(Lease.LAPSED);
    }

    @Test
    void renewals_in_time_keep_the_term_and_the_cache() {
        lease.renewed(nanos.get(), clears::incrementAndGet);
        long term = lease.term();
        for (int i = 0; i < 10; i++) {
            advance(Lease.RENEW_EVERY);
            lease.renewed(nanos.get(), clears::incrementAndGet);
        }

        assertThat(lease.term()).isEqualTo(term);
        assertThat(clears).hasValue(1);
    }

    @Test
    void a_renewal_after_a_lapse_clears_first_and_starts_a_new_term() {
        lease.renewed(nanos.get(), clears::incrementAndGet);
        long first = lease.term();
        advance(Lease.LENGTH);
        long sent = nanos.get();

        lease.renewed(sent, () -> {
            assertThat(lease.term()).as("no term is held while the cache is cleared").isZero();
            clears.incrementAndGet();
        });

        assertThat(clears).hasValue(2);
        assertThat(lease.term()).isPositive().isNotEqualTo(first);
    }

    @Test
    void a_renewal_answered_only_after_the_lease_lapsed_starts_a_new_term() {
        lease.renewed(nanos.get(), clears::incrementAndGet);
        long first = lease.term();
        advance(Duration.ofSeconds(1));
        long sent = nanos.get();
        advance(Lease.LENGTH);

        lease.renewed(sent, clears::incrementAndGet);

        assertThat(clears).hasValue(2);
        assertThat(lease.term()).isNotEqualTo(first);
    }

    @Test
    void a_dropped_lease_is_not_held_at_once_and_its_term_never_comes_back() {
        lease.renewed(nanos.get(), clears::incrementAndGet);
        long first = lease.term();

        lease.drop();

        assertThat(lease.term()).isZero();
        lease.renewed(nanos.get(), clears::incrementAndGet);
        assertThat(lease.term()).isPositive().isNotEqualTo(first);
        assertThat(clears).hasValue(2);
    }

    @Test
    void the_lease_of_an_embedded_database_is_always_held_and_says_none() {
        Lease always = Lease.always();

        assertThat(always.term()).isPositive();
        assertThat(always.state()).isEqualTo(Lease.NONE);
        assertThat(always.renewable()).isFalse();
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }
}
