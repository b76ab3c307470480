package org.latchkey.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.latchkey.MutableClock;
import org.latchkey.cluster.Lease;
import org.latchkey.token.TokenTraits;
import org.latchkey.token.TokenType;

/**
 * An organisation's app policy is kept in memory only while the lease is held, only in the term it
 * was read in and only until a change: without a lease every decision reads the store, a policy
 * from before a lapse is never trusted after it, and a read that overlaps a change is not kept.
 */
class OrgAppRestrictionsLeaseTest {

    private static final long ORG = 5;
    private static final long APP = 7;
    private static final OrgAppPolicy APPROVED = new OrgAppPolicy(true, Set.of(APP));
    private static final OrgAppPolicy UNAPPROVED = new OrgAppPolicy(true, Set.of());

    private final AtomicLong nanos = new AtomicLong();
    private final Lease lease = Lease.renewable(nanos::get);
    private final MutableClock clock = MutableClock.startingNow();
    private final Policies policies = new Policies();
    private final OrgAppRestrictions restrictions = new OrgAppRestrictions(policies.store(), null, clock, lease);
    private final TokenTraits token = oauthToken(11);

    @Test
    void without_a_lease_every_decision_reads_the_store() {
        policies.policy = APPROVED;
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        policies.policy = UNAPPROVED;

        assertThat(restrictions.unapprovedApp(ORG, token)).contains("Deploy bot");
        assertThat(policies.reads).hasValue(2);
    }

    @Test
    void under_the_lease_the_policy_is_read_once_and_again_after_a_change() {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        assertThat(policies.reads).hasValue(1);

        policies.policy = UNAPPROVED;
        restrictions.orgChanged(ORG);

        assertThat(restrictions.unapprovedApp(ORG, token)).contains("Deploy bot");
        assertThat(policies.reads).hasValue(2);
    }

    @Test
    void a_change_to_another_organisation_keeps_this_one() {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();

        restrictions.orgChanged(ORG + 1);

        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        assertThat(policies.reads).hasValue(1);
    }

    @Test
    void a_policy_read_before_a_lapse_is_never_trusted_after_it_even_if_nothing_cleared_it() {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        policies.policy = UNAPPROVED;

        nanos.addAndGet(Lease.LENGTH.toNanos());
        assertThat(restrictions.unapprovedApp(ORG, token)).as("no lease: read from the store").contains("Deploy bot");
        lease.renewed(nanos.get(), () -> { });

        assertThat(restrictions.unapprovedApp(ORG, token)).as("the policy of the new term, not the old one")
                .contains("Deploy bot");
    }

    @Test
    void a_read_in_flight_across_a_lapse_is_not_trusted_in_the_new_term() {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        policies.duringRead = () -> {
            policies.policy = UNAPPROVED;
            nanos.addAndGet(Lease.LENGTH.toNanos());
            lease.renewed(nanos.get(), restrictions::allChanged);
        };
        assertThat(restrictions.unapprovedApp(ORG, token)).as("read in the old term").isEmpty();
        policies.duringRead = () -> { };

        assertThat(restrictions.unapprovedApp(ORG, token)).contains("Deploy bot");
    }

    @Test
    void a_read_overlapping_a_change_notice_is_not_kept() throws Exception {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        Thread notice = new Thread(() -> restrictions.orgChanged(ORG));
        policies.duringRead = () -> {
            policies.policy = UNAPPROVED;
            notice.start();
            awaitBlockedOrDone(notice);
        };
        assertThat(restrictions.unapprovedApp(ORG, token)).as("the read began before the change").isEmpty();
        policies.duringRead = () -> { };
        notice.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(restrictions.unapprovedApp(ORG, token)).contains("Deploy bot");
    }

    @Test
    void without_a_notice_the_policy_is_read_again_after_thirty_seconds() {
        policies.policy = APPROVED;
        lease.renewed(nanos.get(), restrictions::allChanged);
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();
        policies.policy = UNAPPROVED;
        clock.advance(OrgAppRestrictions.POLICY_TTL.minus(Duration.ofMillis(1)));
        assertThat(restrictions.unapprovedApp(ORG, token)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(restrictions.unapprovedApp(ORG, token)).contains("Deploy bot");
    }

    /** Waits until the notice thread waits for the read in flight (or, if it did not, has run). */
    private static void awaitBlockedOrDone(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    private static TokenTraits oauthToken(long id) {
        return (TokenTraits) Proxy.newProxyInstance(TokenTraits.class.getClassLoader(), new Class<?>[] {TokenTraits.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> id;
                    case "type" -> TokenType.OAUTH_ACCESS;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** One organisation's policy in memory, counting reads; the token's app is always {@link #APP}. */
    private static final class Policies {
        volatile OrgAppPolicy policy = OrgAppPolicy.OPEN;
        volatile Runnable duringRead = () -> { };
        final AtomicInteger reads = new AtomicInteger();

        OAuthStore store() {
            OAuthApp app = new OAuthApp(APP, 1, "owner", "client", new AppDetails("Deploy bot",
                    "https://bot.example", "", List.of("https://bot.example/callback"), false), Instant.EPOCH);
            return (OAuthStore) Proxy.newProxyInstance(OAuthStore.class.getClassLoader(), new Class<?>[] {OAuthStore.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "orgPolicy" -> read((Long) args[0]);
                        case "link" -> Optional.of(new TokenLink((Long) args[0], 1, null, APP));
                        case "findApp" -> Optional.of(app);
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private OrgAppPolicy read(long orgId) {
            reads.incrementAndGet();
            OrgAppPolicy read = orgId == ORG ? policy : OrgAppPolicy.OPEN;
            duringRead.run();
            return read;
        }
    }
}
