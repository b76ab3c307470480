package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.at;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Suspension;
import org.latchkey.token.Token;
import org.latchkey.token.TokenState;
import org.latchkey.token.TokenType;

class TokenSuspensionStoreTest {

    private static final Instant LATER = at(Duration.ofHours(1));
    private static final Set<TokenType> PERSONAL = Set.of(TokenType.CLASSIC, TokenType.FINE_GRAINED);

    @EachEngine
    void suspend_keepsTheFirstSuspension_andResumeLiftsIt(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);

        Token suspended = db.tokens().suspend(token.id(), new Suspension(LATER, "octocat"));
        Token again = db.tokens().suspend(token.id(), new Suspension(at(Duration.ofHours(2)), "admin"));
        Token resumed = db.tokens().resume(token.id());

        assertThat(suspended.suspension()).isEqualTo(new Suspension(LATER, "octocat"));
        assertThat(suspended.stateAt(LATER)).isEqualTo(TokenState.SUSPENDED);
        assertThat(again).isEqualTo(suspended);
        assertThat(resumed.suspension()).isNull();
        assertThat(db.tokens().findByHash(token.hash()).orElseThrow().stateAt(LATER)).isEqualTo(TokenState.ACTIVE);
    }

    @EachEngine
    void a_revoked_token_is_not_suspended(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        db.tokens().revoke(token.id(), RevocationReason.REVOKED, T0);

        assertThat(db.tokens().suspend(token.id(), new Suspension(LATER, "octocat")).suspension()).isNull();
    }

    @EachEngine
    void suspendAll_takesOnlyTheUsersLiveTokens_andResumeAllGivesThemBack(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        long strangerId = Fixtures.user(db, "mallory").id();
        Token live = insert(db, classic(userId, "live"), T0);
        Token revoked = insert(db, classic(userId, "revoked"), T0);
        db.tokens().revoke(revoked.id(), RevocationReason.REVOKED, T0);
        Token expired = insert(db, Fixtures.token(userId, TokenType.CLASSIC, "expired", at(Duration.ofMinutes(1))), T0);
        Token session = insert(db, Fixtures.token(userId, TokenType.SESSION, "session", at(Duration.ofDays(1))), T0);
        Token stranger = insert(db, classic(strangerId, "theirs"), T0);

        var suspended = db.tokens().suspendAll(userId, PERSONAL, new Suspension(LATER, "admin"), LATER);
        var suspendedAgain = db.tokens().suspendAll(userId, PERSONAL, new Suspension(LATER, "admin"), LATER);

        assertThat(suspended).extracting(Token::id).containsExactly(live.id());
        assertThat(suspended.get(0).suspension().by()).isEqualTo("admin");
        assertThat(suspendedAgain).isEmpty();
        for (Token untouched : new Token[] {revoked, expired, session, stranger}) {
            assertThat(db.tokens().findById(untouched.id()).orElseThrow().suspension()).as(untouched.name()).isNull();
        }
        assertThat(db.tokens().resumeAll(userId)).extracting(Token::id).containsExactly(live.id());
        assertThat(db.tokens().findById(live.id()).orElseThrow().isActiveAt(LATER)).isTrue();
        assertThat(db.tokens().resumeAll(userId)).isEmpty();
    }
}
