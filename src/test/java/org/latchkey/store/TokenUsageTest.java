package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.audit.TokenUse;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;

class TokenUsageTest {

    @EachEngine
    void recordUsage_keepsTheLatestUseOfABatch(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);

        db.tokens().recordUsage(List.of(
                new TokenUse(token.id(), sec(20), "10.0.0.2", "git/2.45"),
                new TokenUse(token.id(), sec(30), "10.0.0.3", "curl/8.5"),
                new TokenUse(token.id(), sec(10), "10.0.0.1", "old-agent")));

        assertThat(usage(db, token)).isEqualTo(new TokenUsage(sec(30), List.of("10.0.0.3", "10.0.0.2", "10.0.0.1"), "curl/8.5"));
    }

    @EachEngine
    void recordUsage_neverMovesLastUsedBackwards(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        db.tokens().recordUsage(List.of(new TokenUse(token.id(), sec(30), "10.0.0.1", "new-agent")));

        db.tokens().recordUsage(List.of(new TokenUse(token.id(), sec(10), "10.0.0.2", "late-agent")));

        TokenUsage usage = usage(db, token);
        assertThat(usage.lastUsedAt()).isEqualTo(sec(30));
        assertThat(usage.lastUserAgent()).isEqualTo("new-agent");
        assertThat(usage.lastUsedIps()).containsExactly("10.0.0.1", "10.0.0.2");
    }

    @EachEngine
    void recordUsage_keepsFiveMostRecentDistinctIps_newestFirst(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        for (int i = 1; i <= 7; i++) {
            db.tokens().recordUsage(List.of(new TokenUse(token.id(), sec(i), "10.0.0." + i, "git")));
        }

        db.tokens().recordUsage(List.of(new TokenUse(token.id(), sec(8), "10.0.0.4", "git"),
                new TokenUse(token.id(), sec(1), "10.0.0.7", "git")));

        assertThat(usage(db, token).lastUsedIps())
                .containsExactly("10.0.0.4", "10.0.0.7", "10.0.0.6", "10.0.0.5", "10.0.0.3");
        assertThat(db.tokens().listByUser(token.userId(), List.of(TokenType.CLASSIC)).get(0).usage())
                .isEqualTo(usage(db, token));
    }

    @EachEngine
    void recordUsage_mergesManyTokens_andSkipsUnknownOnes(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        List<Token> tokens = new ArrayList<>();
        List<TokenUse> uses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Token token = insert(db, classic(userId, "t" + i), T0);
            tokens.add(token);
            uses.add(new TokenUse(token.id(), sec(i), "192.0.2." + i, null));
        }
        uses.add(new TokenUse(999_999, sec(9), "192.0.2.99", "ghost"));
        uses.add(new TokenUse(tokens.get(0).id(), sec(50), null, "no-ip"));

        db.tokens().recordUsage(uses);

        assertThat(usage(db, tokens.get(0))).isEqualTo(new TokenUsage(sec(50), List.of("192.0.2.0"), "no-ip"));
        assertThat(usage(db, tokens.get(4))).isEqualTo(new TokenUsage(sec(4), List.of("192.0.2.4"), null));
        assertThat(db.tokens().findById(999_999)).isEmpty();
    }

    @EachEngine
    void recordUsage_ofNothing_doesNothing(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);

        db.tokens().recordUsage(List.of());

        assertThat(usage(db, token)).isEqualTo(TokenUsage.NEVER);
    }

    private static TokenUsage usage(Database db, Token token) {
        return db.tokens().findByHash(token.hash()).orElseThrow().usage();
    }

    private static Instant sec(int seconds) {
        return T0.plusSeconds(seconds);
    }
}
