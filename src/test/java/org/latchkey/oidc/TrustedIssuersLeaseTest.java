package org.latchkey.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.cluster.Lease;

/**
 * The stored issuers are kept in memory only while the lease is held, only in the term they were
 * read in and only until a change: without a lease every check reads the store, a snapshot from
 * before a lapse is never trusted after it, and a read that overlaps a change is not kept.
 */
class TrustedIssuersLeaseTest {

    private static final String ISSUER = "https://ci.example.com";

    private final AtomicLong nanos = new AtomicLong();
    private final Lease lease = Lease.renewable(nanos::get);
    private final MutableClock clock = MutableClock.startingNow();
    private final Issuers store = new Issuers();
    private final TrustedIssuers issuers = new TrustedIssuers(store, List.of(), false, null, clock, lease);

    @Test
    void without_a_lease_every_check_reads_the_store() {
        store.add(ISSUER);
        assertThat(issuers.isTrusted(ISSUER)).isTrue();
        store.all.clear();

        assertThat(issuers.isTrusted(ISSUER)).isFalse();
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void under_the_lease_the_issuers_are_read_once_and_again_after_a_change() {
        store.add(ISSUER);
        lease.renewed(nanos.get(), issuers::changed);
        assertThat(issuers.isTrusted(ISSUER)).isTrue();
        assertThat(issuers.isTrusted("https://other.example")).isFalse();
        assertThat(store.reads).hasValue(1);

        store.all.clear();
        issuers.changed();

        assertThat(issuers.isTrusted(ISSUER)).isFalse();
        assertThat(store.reads).hasValue(2);
    }

    @Test
    void issuers_read_before_a_lapse_are_never_trusted_after_it_even_if_nothing_cleared_them() {
        store.add(ISSUER);
        lease.renewed(nanos.get(), issuers::changed);
        assertThat(issuers.isTrusted(ISSUER)).isTrue();
        store.all.clear();

        nanos.addAndGet(Lease.LENGTH.toNanos());
        assertThat(issuers.isTrusted(ISSUER)).as("no lease: read from the store").isFalse();
        lease.renewed(nanos.get(), () -> { });

        assertThat(issuers.isTrusted(ISSUER)).as("the snapshot of the new term, not the old one").isFalse();
    }

    @Test
    void a_read_overlapping_a_change_is_not_kept() {
        store.add(ISSUER);
        lease.renewed(nanos.get(), issuers::changed);
        store.duringRead = () -> {
            issuers.changed();
            store.all.clear();
        };
        assertThat(issuers.isTrusted(ISSUER)).as("the read began before the change").isTrue();
        store.duringRead = () -> { };

        assertThat(issuers.isTrusted(ISSUER)).isFalse();
    }

    @Test
    void without_a_notice_the_issuers_are_read_again_after_thirty_seconds() {
        store.add(ISSUER);
        lease.renewed(nanos.get(), issuers::changed);
        assertThat(issuers.isTrusted(ISSUER)).isTrue();
        store.all.clear();
        clock.advance(TrustedIssuers.CACHED_FOR.minus(Duration.ofMillis(1)));
        assertThat(issuers.isTrusted(ISSUER)).isTrue();

        clock.advance(Duration.ofMillis(1));
        assertThat(issuers.isTrusted(ISSUER)).isFalse();
    }

    /** The stored issuers in memory, counting reads of the whole list. */
    private static final class Issuers implements IssuerStore {
        final List<TrustedIssuer> all = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile Runnable duringRead = () -> { };

        void add(String issuer) {
            all.add(new TrustedIssuer((long) all.size() + 1, issuer, TrustedIssuer.API, "admin", Instant.EPOCH));
        }

        @Override
        public Optional<TrustedIssuer> insert(IssuerUrl issuer, String createdBy, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TrustedIssuer> list() {
            reads.incrementAndGet();
            List<TrustedIssuer> read = List.copyOf(all);
            duringRead.run();
            return read;
        }

        @Override
        public Optional<TrustedIssuer> findByKey(String key) {
            return Optional.empty();
        }

        @Override
        public Optional<TrustedIssuer> find(long id) {
            return Optional.empty();
        }

        @Override
        public boolean delete(long id) {
            return false;
        }
    }
}
