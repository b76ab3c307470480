package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.account.User;
import org.latchkey.notice.Attempt;
import org.latchkey.notice.Channel;
import org.latchkey.notice.DeliveryState;
import org.latchkey.notice.NewDelivery;
import org.latchkey.notice.Notice;
import org.latchkey.notice.Pruned;
import org.latchkey.notice.StoredNotice;

class NoticeStoreTest {

    @EachEngine
    void add_storesEveryField_inTheFieldsOrder(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token_id", "42");
        fields.put("expires_at", "2025-03-08T10:15:30Z");
        fields.put("last_used_ip", "203.0.113.9");
        Notice notice = new Notice(octocat.id(), "token.expiring", "token.expiring:42:7d", "Your token expires in 7 days",
                "The token \"ci\" expires on 8 March.", fields);

        StoredNotice stored = db.notices().add(notice, T0).orElseThrow();

        assertThat(stored.id()).isPositive();
        assertThat(stored.createdAt()).isEqualTo(T0);
        assertThat(stored.notice()).isEqualTo(notice);
        assertThat(stored.notice().fields().keySet()).containsExactly("token_id", "expires_at", "last_used_ip");
    }

    @EachEngine
    void add_sameKeyTwice_keepsTheFirst_andAnswersEmpty(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        StoredNotice first = db.notices().add(notice(octocat, "k1", "first"), T0).orElseThrow();

        Optional<StoredNotice> second = db.notices().add(notice(octocat, "k1", "second"), T0.plusSeconds(5));

        assertThat(second).isEmpty();
        assertThat(db.notices().listForUser(octocat.id(), null, 10)).containsExactly(first);
    }

    @EachEngine
    void listForUser_pagesNewestFirst_andListAfter_readsEveryUserOldestFirst(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        User hubot = Fixtures.user(db, "hubot");
        for (int i = 0; i < 5; i++) {
            db.notices().add(notice(octocat, "o" + i, "o" + i), T0.plus(Duration.ofMinutes(i)));
            db.notices().add(notice(hubot, "h" + i, "h" + i), T0.plus(Duration.ofMinutes(i)));
        }

        List<StoredNotice> newest = db.notices().listForUser(octocat.id(), null, 2);
        List<StoredNotice> older = db.notices().listForUser(octocat.id(), newest.get(1).id(), 10);
        List<StoredNotice> all = db.notices().listAfter(0, 100);
        List<StoredNotice> afterThird = db.notices().listAfter(all.get(2).id(), 3);

        assertThat(newest).extracting(n -> n.notice().key()).containsExactly("o4", "o3");
        assertThat(older).extracting(n -> n.notice().key()).containsExactly("o2", "o1", "o0");
        assertThat(all).extracting(n -> n.notice().key())
                .containsExactly("o0", "h0", "o1", "h1", "o2", "h2", "o3", "h3", "o4", "h4");
        assertThat(afterThird).extracting(n -> n.notice().key()).containsExactly("h1", "o2", "h2");
        assertThat(db.notices().listForUser(octocat.id(), null, 0)).isEmpty();
    }

    @EachEngine
    void pruneTold_deletesOldNoticesOfTheEventsWithTheirFanOut_onceFannedOutAndWithNoDeliveryLeft(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Instant cutoff = T0.plus(Duration.ofDays(1));
        StoredNotice done = fannedOut(db, told(db, octocat, "alert.new_ip", "done", T0));
        StoredNotice delivering = fannedOut(db, told(db, octocat, "alert.new_ip", "delivering", T0));
        long delivery = db.deliveries().add(new NewDelivery(delivering.id(), octocat.id(), "alert.new_ip", Channel.EMAIL,
                null, 6, T0), T0);
        StoredNotice waiting = told(db, octocat, "alert.new_ip", "waiting", T0);
        StoredNotice otherEvent = fannedOut(db, told(db, octocat, "test.event", "other", T0));
        StoredNotice recent = fannedOut(db, told(db, octocat, "alert.new_ip", "recent", cutoff));

        Pruned pruned = db.notices().pruneTold(List.of("alert.new_ip", "token.revoked_unused"), cutoff);

        assertThat(pruned.rows()).containsOnly(Map.entry(Pruned.Table.NOTICES, 1), Map.entry(Pruned.Table.NOTICE_FANOUTS, 1));
        assertThat(db.notices().listAfter(0, 10)).containsExactly(delivering, waiting, otherEvent, recent);
        assertThat(db.deliveries().notFannedOut(10)).as("a notice still to fan out stays so").containsExactly(waiting);
        assertThat(db.notices().add(done.notice(), cutoff)).as("its key went with it").isPresent();
        assertThat(db.deliveries().pruneFinishedBefore(cutoff)).isEqualTo(Pruned.NONE);
        db.deliveries().claim(delivery, T0, T0.plusSeconds(300)).orElseThrow();
        db.deliveries().finish(delivery, new Attempt(1, T0, null, null, 1), DeliveryState.DELIVERED, null);
        db.deliveries().pruneFinishedBefore(cutoff);
        assertThat(db.notices().pruneTold(List.of("alert.new_ip"), cutoff).rows(Pruned.Table.NOTICES)).isEqualTo(1);
        assertThat(db.notices().listAfter(0, 10)).doesNotContain(delivering);
        assertThat(db.notices().pruneTold(List.of(), cutoff)).isEqualTo(Pruned.NONE);
    }

    private static StoredNotice told(Database db, User user, String event, String key, Instant at) {
        return db.notices().add(new Notice(user.id(), event, key, "subject " + key, "text", Map.of()), at).orElseThrow();
    }

    private static StoredNotice fannedOut(Database db, StoredNotice notice) {
        assertThat(db.deliveries().fanOut(notice.id(), List.of(), notice.createdAt())).isTrue();
        return notice;
    }

    private static Notice notice(User user, String key, String subject) {
        return new Notice(user.id(), "test.event", key, subject, "text of " + subject, Map.of("k", key));
    }
}
