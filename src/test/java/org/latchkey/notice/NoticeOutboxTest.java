package org.latchkey.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.store.Database;
import org.latchkey.store.TestDatabases;

class NoticeOutboxTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    private final TestDatabases.Fresh fresh = TestDatabases.freshH2();
    private final Database db = fresh.database();
    private final NoticeOutbox outbox = new NoticeOutbox(db.notices(), Clock.fixed(NOW, ZoneOffset.UTC));
    private final User octocat = db.users().insert(new NewUser("octocat", "o@example.org", false, "$argon2id$x", NOW))
            .orElseThrow();

    @AfterEach
    void close() throws Exception {
        fresh.close();
    }

    @Test
    void tell_storesOnce_andTellsListenersOnlyOfNewNotices() {
        List<StoredNotice> heard = new ArrayList<>();
        outbox.onNew(heard::add);
        Notice notice = new Notice(octocat.id(), "token.expiring", "token.expiring:1:7d", "Expires soon", "text", Map.of());

        boolean first = outbox.tell(notice);
        boolean again = outbox.tell(notice);

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(heard).singleElement().satisfies(stored -> {
            assertThat(stored.notice()).isEqualTo(notice);
            assertThat(stored.createdAt()).isEqualTo(NOW);
        });
        assertThat(outbox.listForUser(octocat.id(), null, 10)).containsExactlyElementsOf(heard);
    }

    @Test
    void notice_withoutAKeyOrText_isRefused() {
        assertThatThrownBy(() -> new Notice(1, "e", " ", "s", "t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> new Notice(1, "e", "k", "s", "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("text");
        assertThatThrownBy(() -> new Notice(1, "e", "k".repeat(201), "s", "t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("200");
    }
}
