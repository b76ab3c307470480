package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.latchkey.account.User;
import org.latchkey.alert.AlertLimits;
import org.latchkey.alert.AlertRule;
import org.latchkey.alert.NewAlert;
import org.latchkey.alert.SecurityAlert;
import org.latchkey.alert.SecurityAlertStore.Raised;
import org.latchkey.notice.Pruned;

class SecurityAlertStoreTest {

    private static final AlertLimits TWO_OF_A_RULE_THREE_IN_ALL = new AlertLimits(2, 3, Duration.ofHours(1));

    @EachEngine
    void add_storesEveryField_andTheSameKeyOnce(Database db) {
        User grace = Fixtures.user(db, "grace");
        long tokenId = db.tokens().insert(Fixtures.classic(grace.id(), "ci"), T0).orElseThrow().id();
        NewAlert alert = new NewAlert(grace.id(), tokenId, AlertRule.NEW_IP, T0, "203.0.113.9", null, "new address",
                Map.of("token_name", "ci"), "new_ip:1:abc");

        Raised raised = db.alerts().add(alert, AlertLimits.DEFAULT).orElseThrow();

        SecurityAlert stored = raised.alert();
        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(new SecurityAlert(stored.id(), grace.id(), tokenId, AlertRule.NEW_IP, T0,
                "203.0.113.9", null, "new address", Map.of("token_name", "ci"), true, null));
        assertThat(raised.heldBack()).isZero();
        assertThat(db.alerts().add(alert, AlertLimits.DEFAULT)).isEmpty();
        assertThat(db.alerts().listForUser(grace.id(), null, 10)).containsExactly(stored);
    }

    @EachEngine
    void add_beyondTheLimits_storesButHoldsBack_andTheNextToldCountsThem(Database db) {
        User grace = Fixtures.user(db, "grace");
        boolean[] told = new boolean[6];
        for (int i = 0; i < 4; i++) {
            told[i] = add(db, grace, AlertRule.NEW_IP, "a" + i, T0.plus(Duration.ofMinutes(i))).alert().notified();
        }
        Raised otherRule = add(db, grace, AlertRule.USAGE_BURST, "b0", T0.plus(Duration.ofMinutes(5)));
        Raised overUserLimit = add(db, grace, AlertRule.FAILED_AUTHENTICATIONS, "c0", T0.plus(Duration.ofMinutes(6)));
        Raised anHourLater = add(db, grace, AlertRule.NEW_IP, "a9", T0.plus(Duration.ofMinutes(61)));

        assertThat(told).startsWith(true, true, false, false);
        assertThat(otherRule.alert().notified()).as("third in all").isTrue();
        assertThat(otherRule.heldBack()).isEqualTo(2);
        assertThat(overUserLimit.alert().notified()).isFalse();
        assertThat(anHourLater.alert().notified()).as("the first two left the window").isTrue();
        assertThat(anHourLater.heldBack()).isEqualTo(1);
        assertThat(db.alerts().listForUser(grace.id(), null, 100)).hasSize(7);
    }

    @EachEngine
    void limits_areCountedPerUser(Database db) {
        User grace = Fixtures.user(db, "grace");
        User linus = Fixtures.user(db, "linus");
        for (int i = 0; i < 3; i++) {
            add(db, grace, AlertRule.NEW_IP, "g" + i, T0);
        }

        assertThat(add(db, linus, AlertRule.NEW_IP, "l0", T0).alert().notified()).isTrue();
    }

    @EachEngine
    void listForUser_pagesNewestFirst_andAcknowledge_onlyTheOwnersAlert(Database db) {
        User grace = Fixtures.user(db, "grace");
        User linus = Fixtures.user(db, "linus");
        for (int i = 0; i < 5; i++) {
            add(db, grace, AlertRule.NEW_IP, "g" + i, T0.plusSeconds(i));
        }
        long linusAlert = add(db, linus, AlertRule.NEW_IP, "l0", T0).alert().id();

        List<SecurityAlert> newest = db.alerts().listForUser(grace.id(), null, 2);
        List<SecurityAlert> older = db.alerts().listForUser(grace.id(), newest.get(1).id(), 10);
        Instant ackAt = T0.plus(Duration.ofHours(2));
        SecurityAlert acknowledged = db.alerts().acknowledge(grace.id(), newest.get(0).id(), ackAt).orElseThrow();
        SecurityAlert again = db.alerts().acknowledge(grace.id(), newest.get(0).id(), ackAt.plusSeconds(60)).orElseThrow();

        assertThat(newest).extracting(a -> a.details().get("n")).containsExactly("g4", "g3");
        assertThat(older).extracting(a -> a.details().get("n")).containsExactly("g2", "g1", "g0");
        assertThat(acknowledged.acknowledgedAt()).isEqualTo(ackAt);
        assertThat(again.acknowledgedAt()).as("the first acknowledgement stands").isEqualTo(ackAt);
        assertThat(db.alerts().acknowledge(grace.id(), linusAlert, ackAt)).isEmpty();
        assertThat(db.alerts().acknowledge(grace.id(), 987_654, ackAt)).isEmpty();
        assertThat(db.alerts().listForUser(linus.id(), null, 10).get(0).acknowledgedAt()).isNull();
    }

    @EachEngine
    void pruneBefore_deletesTheAlertsRaisedBeforeTheCutoff_ofEveryUser(Database db) {
        User grace = Fixtures.user(db, "grace");
        User linus = Fixtures.user(db, "linus");
        Instant cutoff = T0.plus(Duration.ofDays(90));
        add(db, grace, AlertRule.NEW_IP, "old", T0);
        add(db, linus, AlertRule.USAGE_BURST, "old", cutoff.minusSeconds(1));
        SecurityAlert kept = add(db, grace, AlertRule.NEW_IP, "kept", cutoff).alert();

        Pruned pruned = db.alerts().pruneBefore(cutoff);

        assertThat(pruned).isEqualTo(Pruned.of(Pruned.Table.SECURITY_ALERTS, 2));
        assertThat(db.alerts().listForUser(grace.id(), null, 10)).containsExactly(kept);
        assertThat(db.alerts().listForUser(linus.id(), null, 10)).isEmpty();
    }

    private static Raised add(Database db, User user, AlertRule rule, String name, Instant at) {
        return db.alerts().add(new NewAlert(user.id(), null, rule, at, null, null, "alert " + name, Map.of("n", name),
                rule.wireName() + ":" + user.id() + ":" + name), TWO_OF_A_RULE_THREE_IN_ALL).orElseThrow();
    }
}
