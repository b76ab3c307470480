package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.time.Instant;
import java.util.List;
import org.latchkey.audit.UsageRecorder;
import org.latchkey.token.Token;
import org.latchkey.token.TokenUsage;

class UsageSlotRepeatsTest {

    private static final long HOUR = 3_600_000;
    private static final long MS0 = T0.toEpochMilli();

    @EachEngine
    void many_uses_in_one_millisecond_are_written_as_one(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        try (UsageRecorder recorder = new UsageRecorder(db.tokens(), HOUR)) {
            UsageRecorder.Slot slot = recorder.slot(token.id());
            for (int i = 0; i < 100; i++) {
                slot.touch(MS0 + 5, new String("10.0.0.1"), new String("git/2.45"));
            }

            recorder.flush();

            assertThat(usage(db, token)).isEqualTo(new TokenUsage(ms(5), List.of("10.0.0.1"), "git/2.45"));
        }
    }

    @EachEngine
    void a_repeat_after_a_flush_loses_nothing_and_a_later_use_is_written(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        try (UsageRecorder recorder = new UsageRecorder(db.tokens(), HOUR)) {
            UsageRecorder.Slot slot = recorder.slot(token.id());
            slot.touch(MS0 + 5, "10.0.0.1", "git");
            recorder.flush();

            slot.touch(MS0 + 5, "10.0.0.1", "git");
            recorder.flush();
            assertThat(usage(db, token)).isEqualTo(new TokenUsage(ms(5), List.of("10.0.0.1"), "git"));

            slot.touch(MS0 + 6, "10.0.0.1", "git");
            recorder.flush();
            assertThat(usage(db, token).lastUsedAt()).isEqualTo(ms(6));
        }
    }

    @EachEngine
    void a_use_that_differs_from_the_last_in_address_or_agent_is_recorded(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        try (UsageRecorder recorder = new UsageRecorder(db.tokens(), HOUR)) {
            UsageRecorder.Slot slot = recorder.slot(token.id());
            slot.touch(MS0 + 5, "10.0.0.1", "git");
            slot.touch(MS0 + 5, "10.0.0.1", "curl");
            slot.touch(MS0 + 5, "10.0.0.2", "curl");
            slot.touch(MS0 + 5, "10.0.0.2", "git");

            recorder.flush();

            TokenUsage usage = usage(db, token);
            assertThat(usage.lastUserAgent()).isEqualTo("git");
            assertThat(usage.lastUsedIps()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
        }
    }

    private static TokenUsage usage(Database db, Token token) {
        return db.tokens().findByHash(token.hash()).orElseThrow().usage();
    }

    private static Instant ms(long millis) {
        return T0.plusMillis(millis);
    }
}
