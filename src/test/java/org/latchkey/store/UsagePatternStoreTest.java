package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.latchkey.account.User;
import org.latchkey.alert.PatternUpdate;
import org.latchkey.alert.TokenActivity;
import org.latchkey.alert.UsagePattern;
import org.latchkey.notice.Pruned;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.TokenType;

class UsagePatternStoreTest {

    private static final Duration WEEK = Duration.ofDays(7);

    @EachEngine
    void firstActivity_hasNoPatternBefore_andLaterOnesSeeIt(Database db) {
        User grace = Fixtures.user(db, "grace");
        long ci = db.tokens().insert(Fixtures.classic(grace.id(), "ci"), T0).orElseThrow().id();
        Instant later = T0.plus(Duration.ofDays(1));

        PatternUpdate first = one(db, activity(ci, T0, 5, "10.0.0.1", "ci/1"));
        PatternUpdate second = one(db, activity(ci, later, 3, "10.0.0.1", "ci/1"));

        assertThat(first.userId()).isEqualTo(grace.id());
        assertThat(first.tokenName()).isEqualTo("ci");
        assertThat(first.before()).isNull();
        assertThat(first.newIps()).extracting(PatternUpdate.Sighting::value).containsExactly("10.0.0.1");
        assertThat(first.newUserAgents()).extracting(PatternUpdate.Sighting::value).containsExactly("ci/1");
        assertThat(second.before()).isEqualTo(new UsagePattern(T0, 5, 1, 1));
        assertThat(second.newIps()).isEmpty();
        assertThat(second.newUserAgents()).isEmpty();
        assertThat(second.at()).isEqualTo(later);
    }

    @EachEngine
    void aNewAddress_isReportedOnce_withWhenItWasSeen(Database db) {
        User grace = Fixtures.user(db, "grace");
        long ci = db.tokens().insert(Fixtures.classic(grace.id(), "ci"), T0).orElseThrow().id();
        one(db, activity(ci, T0, 1, "10.0.0.1", "ci/1"));
        Instant seen = T0.plus(Duration.ofDays(4));

        PatternUpdate update = one(db, new TokenActivity(ci, seen, 2, Map.of("10.0.0.1", seen.minusSeconds(1),
                "198.51.100.7", seen), Map.of("ci/1", seen)));
        PatternUpdate again = one(db, activity(ci, seen.plusSeconds(5), 1, "198.51.100.7", "ci/1"));

        assertThat(update.newIps()).containsExactly(new PatternUpdate.Sighting("198.51.100.7", seen));
        assertThat(update.before()).isEqualTo(new UsagePattern(T0, 1, 1, 1));
        assertThat(again.newIps()).isEmpty();
        assertThat(again.before()).isEqualTo(new UsagePattern(T0, 3, 2, 1));
    }

    @EachEngine
    void hourlyUses_addUp_andThePreviousWeekIsSummed(Database db) {
        User grace = Fixtures.user(db, "grace");
        long ci = db.tokens().insert(Fixtures.classic(grace.id(), "ci"), T0).orElseThrow().id();
        Instant hour = T0.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(10));
        one(db, activity(ci, hour.minus(Duration.ofDays(8)), 1000, "10.0.0.1", "ci/1"));
        one(db, activity(ci, hour.minus(Duration.ofDays(6)), 30, "10.0.0.1", "ci/1"));
        one(db, activity(ci, hour.minus(Duration.ofHours(1)), 12, "10.0.0.1", "ci/1"));

        PatternUpdate first = one(db, activity(ci, hour.plusSeconds(10), 100, "10.0.0.1", "ci/1"));
        PatternUpdate second = one(db, activity(ci, hour.plus(Duration.ofMinutes(59)), 50, "10.0.0.1", "ci/1"));

        assertThat(first.hour()).isEqualTo(hour);
        assertThat(first.hourUses()).isEqualTo(100);
        assertThat(first.previousUses()).as("the eight-day-old hour is outside the week").isEqualTo(42);
        assertThat(second.hourUses()).isEqualTo(150);
        assertThat(second.before().uses()).isEqualTo(1142);
    }

    @EachEngine
    void sessionsAndUnknownTokens_areLeftOut(Database db) {
        User grace = Fixtures.user(db, "grace");
        long session = db.tokens().insert(Fixtures.token(grace.id(), TokenType.SESSION, "session", null), T0).orElseThrow().id();

        List<PatternUpdate> updates = db.usagePatterns().record(List.of(activity(session, T0, 1, "10.0.0.1", "web"),
                activity(987_654, T0, 1, "10.0.0.1", "web")), WEEK);

        assertThat(updates).isEmpty();
    }

    @EachEngine
    void prune_forgetsOldHoursAndThePatternsOfTokensEndedBeforeTheCutoff_butKeepsLiveAndExpiredTokens(Database db) {
        User grace = Fixtures.user(db, "grace");
        long live = db.tokens().insert(Fixtures.classic(grace.id(), "live"), T0).orElseThrow().id();
        long expired = db.tokens().insert(Fixtures.token(grace.id(), TokenType.CLASSIC, "expired", T0.plusSeconds(60)), T0)
                .orElseThrow().id();
        long revoked = db.tokens().insert(Fixtures.classic(grace.id(), "revoked"), T0).orElseThrow().id();
        long deleted = db.tokens().insert(Fixtures.classic(grace.id(), "deleted"), T0).orElseThrow().id();
        long revokedLately = db.tokens().insert(Fixtures.classic(grace.id(), "lately"), T0).orElseThrow().id();
        for (long token : List.of(live, expired, revoked, deleted, revokedLately)) {
            one(db, activity(token, T0, 3, "10.0.0.1", "ci/1"));
        }
        Instant cutoff = T0.plus(Duration.ofDays(90));
        db.tokens().revoke(revoked, RevocationReason.REVOKED, T0.plusSeconds(120));
        db.tokens().delete(deleted, T0.plusSeconds(120));
        db.tokens().revoke(revokedLately, RevocationReason.REVOKED, cutoff);

        Pruned ended = db.usagePatterns().prune(T0.truncatedTo(ChronoUnit.HOURS), cutoff);
        Pruned hours = db.usagePatterns().prune(T0.plus(Duration.ofHours(1)), cutoff);

        assertThat(ended.rows()).containsOnly(Map.entry(Pruned.Table.TOKEN_PATTERNS, 2),
                Map.entry(Pruned.Table.TOKEN_SIGHTINGS, 4));
        assertThat(hours).isEqualTo(Pruned.of(Pruned.Table.TOKEN_HOURLY_USES, 5));
        Instant later = cutoff.plusSeconds(1);
        for (long token : List.of(live, expired, revokedLately)) {
            PatternUpdate update = one(db, activity(token, later, 1, "10.0.0.1", "ci/1"));
            assertThat(update.before()).isEqualTo(new UsagePattern(T0, 3, 1, 1));
            assertThat(update.newIps()).isEmpty();
            assertThat(update.previousUses()).isZero();
        }
        assertThat(one(db, activity(revoked, later, 1, "10.0.0.1", "ci/1")).before()).as("forgotten").isNull();
    }

    private static PatternUpdate one(Database db, TokenActivity activity) {
        List<PatternUpdate> updates = db.usagePatterns().record(List.of(activity), WEEK);
        assertThat(updates).hasSize(1);
        return updates.get(0);
    }

    private static TokenActivity activity(long tokenId, Instant at, long uses, String ip, String agent) {
        return new TokenActivity(tokenId, at, uses, Map.of(ip, at), Map.of(agent, at));
    }
}
