package org.latchkey.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.store.TestDatabases;
import org.latchkey.token.NewToken;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenFormat;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;
import org.junit.jupiter.api.Test;

class UsageRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void many_uses_between_flushes_become_one_write_with_the_latest_time_agent_and_distinct_addresses() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2();
             UsageRecorder recorder = new UsageRecorder(db.database().tokens(), 3_600_000)) {
            Token token = token(db);
            UsageRecorder.Slot slot = recorder.slot(token.id());

            for (int i = 0; i < 10_000; i++) {
                slot.touch(T0.plusMillis(i).toEpochMilli(), "10.0.0." + (i % 7), "agent/" + i);
            }
            assertThat(db.database().tokens().findById(token.id()).orElseThrow().usage().lastUsedAt()).isNull();
            recorder.flush();

            var usage = db.database().tokens().findById(token.id()).orElseThrow().usage();
            assertThat(usage.lastUsedAt()).isEqualTo(T0.plusMillis(9_999));
            assertThat(usage.lastUserAgent()).isEqualTo("agent/9999");
            assertThat(usage.lastUsedIps()).hasSize(5).doesNotHaveDuplicates().startsWith("10.0.0.3");
        }
    }

    @Test
    void a_flush_with_nothing_new_writes_nothing_and_later_uses_move_last_used_forward() throws Exception {
        try (TestDatabases.Fresh db = TestDatabases.freshH2();
             UsageRecorder recorder = new UsageRecorder(db.database().tokens(), 3_600_000)) {
            Token token = token(db);
            UsageRecorder.Slot slot = recorder.slot(token.id());
            slot.touch(T0.toEpochMilli(), "10.0.0.1", "a");
            recorder.flush();
            recorder.flush();
            slot.touch(T0.plus(Duration.ofMinutes(5)).toEpochMilli(), "10.0.0.2", "b");
            recorder.flush();

            var usage = db.database().tokens().findById(token.id()).orElseThrow().usage();
            assertThat(usage.lastUsedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(usage.lastUsedIps()).containsExactly("10.0.0.2", "10.0.0.1");
        }
    }

    private static Token token(TestDatabases.Fresh db) {
        User user = db.database().users().insert(new NewUser("alice", null, false, "$argon2id$x", T0)).orElseThrow();
        return db.database().tokens().insert(new NewToken(user.id(), TokenType.CLASSIC, "t", null, Scopes.NONE,
                TokenHash.of(TokenFormat.generate(TokenType.CLASSIC, new SecureRandom())), T0, null, null), T0).orElseThrow();
    }
}
