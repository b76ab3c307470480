package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.time.Duration;
import java.time.Instant;
import org.latchkey.account.User;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;

class ExpiringTokensTest {

    @EachEngine
    void listExpiringBetween_findsLiveNonSessionTokensInTheWindow_soonestFirst(Database db) {
        User octocat = Fixtures.user(db, "octocat");
        Token inTwoDays = insert(db, octocat, TokenType.CLASSIC, "two", T0.plus(Duration.ofDays(2)));
        Token inOneDay = insert(db, octocat, TokenType.CLASSIC, "one", T0.plus(Duration.ofDays(1)));
        Token expired = insert(db, octocat, TokenType.CLASSIC, "gone", T0.minus(Duration.ofDays(1)));
        insert(db, octocat, TokenType.CLASSIC, "later", T0.plus(Duration.ofDays(30)));
        insert(db, octocat, TokenType.CLASSIC, "never", null);
        insert(db, octocat, TokenType.SESSION, "session", T0.plus(Duration.ofHours(8)));
        Token revoked = insert(db, octocat, TokenType.CLASSIC, "revoked", T0.plus(Duration.ofDays(3)));
        db.tokens().revoke(revoked.id(), RevocationReason.REVOKED, T0);
        Token deleted = insert(db, octocat, TokenType.CLASSIC, "deleted", T0.plus(Duration.ofDays(3)));
        db.tokens().delete(deleted.id(), T0);

        assertThat(db.tokens().listExpiringBetween(T0.minus(Duration.ofDays(7)), T0.plus(Duration.ofDays(7))))
                .extracting(Token::id).containsExactly(expired.id(), inOneDay.id(), inTwoDays.id());
        assertThat(db.tokens().listExpiringBetween(T0, T0.plus(Duration.ofDays(1))))
                .extracting(Token::id).containsExactly(inOneDay.id());
    }

    private static Token insert(Database db, User user, TokenType type, String name, Instant expiresAt) {
        return db.tokens().insert(Fixtures.token(user.id(), type, name, expiresAt), T0.minus(Duration.ofDays(10)))
                .orElseThrow();
    }
}
