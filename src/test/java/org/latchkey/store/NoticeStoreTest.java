package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.latchkey.account.User;
import org.latchkey.alert.Notice;
import org.latchkey.alert.StoredNotice;

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

    private static Notice notice(User user, String key, String subject) {
        return new Notice(user.id(), "test.event", key, subject, "text of " + subject, Map.of("k", key));
    }
}
