package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.account.User;
import org.latchkey.notice.Attempt;
import org.latchkey.notice.Channel;
import org.latchkey.notice.Delivery;
import org.latchkey.notice.DeliveryLogEntry;
import org.latchkey.notice.DeliveryState;
import org.latchkey.notice.Hook;
import org.latchkey.notice.NewDelivery;
import org.latchkey.notice.NewHook;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.Notice;
import org.latchkey.notice.StoredNotice;

class DeliveryStoreTest {

    private static final Instant LEASE = T0.plus(Duration.ofMinutes(5));

    @EachEngine
    void fanOut_writesTheDeliveriesOnce_andTheNoticeIsNoLongerWaiting(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Hook hook = hook(db, octocat);
        StoredNotice first = notice(db, octocat, "k1");
        StoredNotice second = notice(db, octocat, "k2");

        assertThat(db.deliveries().notFannedOut(10)).containsExactly(first, second);
        boolean fannedOut = db.deliveries().fanOut(first.id(), List.of(email(first), toHook(first, hook)), T0);
        boolean again = db.deliveries().fanOut(first.id(), List.of(email(first)), T0);

        assertThat(fannedOut).isTrue();
        assertThat(again).isFalse();
        assertThat(db.deliveries().notFannedOut(10)).containsExactly(second);
        assertThat(db.deliveries().due(T0, 10)).hasSize(2);
        assertThat(db.deliveries().pendingCount()).isEqualTo(2);
    }

    @EachEngine
    void claim_isExclusive_carriesWhatToSend_andFinishLogsTheAttempt(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Hook hook = hook(db, octocat);
        StoredNotice notice = notice(db, octocat, "k1");
        db.deliveries().fanOut(notice.id(), List.of(toHook(notice, hook)), T0);
        long id = db.deliveries().due(T0, 10).get(0);

        Delivery claimed = db.deliveries().claim(id, T0, LEASE).orElseThrow();

        assertThat(db.deliveries().claim(id, T0, LEASE)).isEmpty();
        assertThat(db.deliveries().due(T0, 10)).isEmpty();
        assertThat(claimed.attempt()).isEqualTo(1);
        assertThat(claimed.notice()).isEqualTo(notice);
        assertThat(claimed.hookUrl()).isEqualTo("http://127.0.0.1:9/hook");
        assertThat(claimed.hookSealedSecret()).isEqualTo("sealed");
        assertThat(claimed.email()).isEqualTo("octocat@example.org");

        Instant retryAt = T0.plus(Duration.ofMinutes(1));
        assertThat(db.deliveries().finish(id, new Attempt(1, T0, 500, "the receiver answered HTTP 500", 12),
                DeliveryState.PENDING, retryAt)).isTrue();

        assertThat(db.deliveries().due(T0, 10)).isEmpty();
        assertThat(db.deliveries().due(retryAt, 10)).containsExactly(id);
        assertThat(db.deliveries().logForHook(hook.id(), null, 10)).singleElement().satisfies(entry -> {
            assertThat(entry.deliveryId()).isEqualTo(id);
            assertThat(entry.noticeId()).isEqualTo(notice.id());
            assertThat(entry.event()).isEqualTo("test.event");
            assertThat(entry.attempt()).isEqualTo(new Attempt(1, T0, 500, "the receiver answered HTTP 500", 12));
            assertThat(entry.state()).isEqualTo(DeliveryState.PENDING);
            assertThat(entry.nextAttemptAt()).isEqualTo(retryAt);
        });
    }

    @EachEngine
    void aLapsedClaim_isDueAgain_itsLostAttemptIsLogged_andTheOldClaimCannotFinish(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Hook hook = hook(db, octocat);
        StoredNotice notice = notice(db, octocat, "k1");
        db.deliveries().fanOut(notice.id(), List.of(toHook(notice, hook)), T0);
        long id = db.deliveries().due(T0, 10).get(0);
        db.deliveries().claim(id, T0, LEASE).orElseThrow();

        assertThat(db.deliveries().due(LEASE.minusSeconds(1), 10)).isEmpty();
        Delivery again = db.deliveries().claim(id, LEASE, LEASE.plus(Duration.ofMinutes(5))).orElseThrow();
        boolean staleFinished = db.deliveries().finish(id, new Attempt(1, LEASE, 200, null, 5),
                DeliveryState.DELIVERED, null);
        boolean finished = db.deliveries().finish(id, new Attempt(2, LEASE, 204, null, 5), DeliveryState.DELIVERED, null);

        assertThat(again.attempt()).isEqualTo(2);
        assertThat(staleFinished).isFalse();
        assertThat(finished).isTrue();
        List<DeliveryLogEntry> log = db.deliveries().logForHook(hook.id(), null, 10);
        assertThat(log).extracting(e -> e.attempt().attempt()).containsExactly(2, 1);
        assertThat(log.get(1).attempt().error()).startsWith("interrupted");
        assertThat(log.get(0).state()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(db.deliveries().pendingCount()).isZero();
    }

    @EachEngine
    void logForHook_pagesNewestFirst_andAPingHasNoNotice(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Hook hook = hook(db, octocat);
        for (int i = 0; i < 3; i++) {
            long id = db.deliveries().add(new NewDelivery(null, octocat.id(), "ping", Channel.WEBHOOK, hook.id(), 1, T0), T0);
            db.deliveries().claim(id, T0, LEASE).orElseThrow();
            db.deliveries().finish(id, new Attempt(1, T0.plusSeconds(i), 200, null, 1), DeliveryState.DELIVERED, null);
        }

        List<DeliveryLogEntry> newest = db.deliveries().logForHook(hook.id(), null, 2);
        List<DeliveryLogEntry> rest = db.deliveries().logForHook(hook.id(), newest.get(1).id(), 10);

        assertThat(newest).extracting(e -> e.attempt().at()).containsExactly(T0.plusSeconds(2), T0.plusSeconds(1));
        assertThat(rest).extracting(e -> e.attempt().at()).containsExactly(T0);
        assertThat(rest.get(0).noticeId()).isNull();
        assertThat(rest.get(0).nextAttemptAt()).isNull();
    }

    @EachEngine
    void hooks_areListedPerUser_andADeletedHookIsHiddenButKeepsItsSecret(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        User hubot = Fixtures.user(db, "hubot");
        Hook first = hook(db, octocat);
        Hook second = db.hooks().insert(new NewHook(octocat.id(), "https://example.org/x", List.of("*"), "s2", T0));

        assertThat(db.hooks().listForUser(octocat.id())).containsExactly(first, second);
        assertThat(db.hooks().find(hubot.id(), first.id())).isEmpty();
        assertThat(db.hooks().delete(hubot.id(), first.id(), T0)).isFalse();
        assertThat(db.hooks().delete(octocat.id(), first.id(), T0)).isTrue();
        assertThat(db.hooks().delete(octocat.id(), first.id(), T0)).isFalse();
        assertThat(db.hooks().listForUser(octocat.id())).containsExactly(second);
        assertThat(db.hooks().find(octocat.id(), first.id())).isEmpty();
        assertThat(db.hooks().sealedSecret(first.id())).contains("sealed");
        assertThat(first.events()).containsExactly("token.expiring", "alert.*");
    }

    @EachEngine
    void pruneFinishedBefore_deletesFinishedDeliveriesAndTheirAttempts_neverPendingRetryingOrSendingOnes(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Hook hook = hook(db, octocat);
        Instant cutoff = T0.plus(Duration.ofDays(1));
        finished(db, octocat, hook, DeliveryState.DELIVERED, T0);
        finished(db, octocat, hook, DeliveryState.FAILED, T0);
        finished(db, octocat, hook, DeliveryState.CANCELLED, T0);
        long recent = finished(db, octocat, hook, DeliveryState.DELIVERED, cutoff.plusSeconds(1));
        long retrying = ping(db, octocat, hook);
        db.deliveries().claim(retrying, T0, LEASE).orElseThrow();
        db.deliveries().finish(retrying, new Attempt(1, T0, 502, "the receiver answered HTTP 502", 3),
                DeliveryState.PENDING, cutoff.plus(Duration.ofDays(30)));
        long pending = ping(db, octocat, hook);
        long sending = ping(db, octocat, hook);
        db.deliveries().claim(sending, T0, LEASE).orElseThrow();

        Pruned pruned = db.deliveries().pruneFinishedBefore(cutoff);
        Pruned again = db.deliveries().pruneFinishedBefore(cutoff);

        assertThat(pruned.rows()).containsOnly(Map.entry(Pruned.Table.NOTICE_DELIVERIES, 3),
                Map.entry(Pruned.Table.NOTICE_DELIVERY_ATTEMPTS, 3));
        assertThat(again).isEqualTo(Pruned.NONE);
        assertThat(db.deliveries().logForHook(hook.id(), null, 10)).extracting(DeliveryLogEntry::deliveryId)
                .containsExactlyInAnyOrder(recent, retrying);
        assertThat(db.deliveries().pendingCount()).isEqualTo(3);
        assertThat(db.deliveries().due(cutoff.plus(Duration.ofDays(60)), 10)).containsExactlyInAnyOrder(retrying, pending,
                sending);
    }

    private static long ping(Database db, User user, Hook hook) {
        return db.deliveries().add(new NewDelivery(null, user.id(), "ping", Channel.WEBHOOK, hook.id(), 6, T0), T0);
    }

    private static long finished(Database db, User user, Hook hook, DeliveryState state, Instant at) {
        long id = ping(db, user, hook);
        db.deliveries().claim(id, at, at.plus(Duration.ofMinutes(5))).orElseThrow();
        db.deliveries().finish(id, new Attempt(1, at, null, state == DeliveryState.DELIVERED ? null : "no", 1), state, null);
        return id;
    }

    private static Hook hook(Database db, User user) {
        return db.hooks().insert(new NewHook(user.id(), "http://127.0.0.1:9/hook", List.of("token.expiring", "alert.*"),
                "sealed", T0));
    }

    private static StoredNotice notice(Database db, User user, String key) {
        return db.notices().add(new Notice(user.id(), "test.event", key, "subject " + key, "text", Map.of("k", key)), T0)
                .orElseThrow();
    }

    private static NewDelivery email(StoredNotice notice) {
        return new NewDelivery(notice.id(), notice.notice().userId(), notice.notice().event(), Channel.EMAIL, null, 6, T0);
    }

    private static NewDelivery toHook(StoredNotice notice, Hook hook) {
        return new NewDelivery(notice.id(), notice.notice().userId(), notice.notice().event(), Channel.WEBHOOK, hook.id(),
                6, T0);
    }
}
