package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.at;
import static org.latchkey.store.Fixtures.classic;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Scope;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;

class TokenStoreTest {

    @EachEngine
    void insert_storesEveryFieldAndStartsItsOwnFamily(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        NewToken wanted = new NewToken(userId, TokenType.FINE_GRAINED, "deploy", "ci deploys",
                Scopes.of(Scope.WRITE_PACKAGES, Scope.REPO), Fixtures.randomHash(TokenType.FINE_GRAINED), T0,
                at(Duration.ofDays(30)), null);

        Token token = db.tokens().insert(wanted, T0).orElseThrow();

        assertThat(token).isEqualTo(new Token(token.id(), userId, TokenType.FINE_GRAINED, "deploy", "ci deploys",
                Scopes.of(Scope.REPO, Scope.WRITE_PACKAGES), T0, at(Duration.ofDays(30)), null, null, null,
                token.id(), wanted.hash(), TokenUsage.NEVER));
        assertThat(db.tokens().findById(token.id())).contains(token);
        assertThat(db.tokens().findByHash(wanted.hash())).contains(token);
    }

    @EachEngine
    void insert_keepsAGivenFamilyAndANullDescriptionAndNoScopes(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        NewToken wanted = new NewToken(userId, TokenType.CLASSIC, "bare", null, Scopes.NONE,
                Fixtures.randomHash(TokenType.CLASSIC), T0, null, 77L);

        Token token = db.tokens().insert(wanted, T0).orElseThrow();

        assertThat(token.familyId()).isEqualTo(77);
        assertThat(token.description()).isNull();
        assertThat(token.scopes()).isEqualTo(Scopes.NONE);
        assertThat(token.expiresAt()).isNull();
    }

    @EachEngine
    void instants_roundTripAtMicrosecondPrecision(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Instant created = Instant.parse("2025-03-01T10:15:30.123456789Z");
        NewToken wanted = new NewToken(userId, TokenType.CLASSIC, "precise", null, Scopes.NONE,
                Fixtures.randomHash(TokenType.CLASSIC), created, null, null);

        Token token = db.tokens().insert(wanted, created).orElseThrow();

        assertThat(token.createdAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123456Z"));
    }

    @EachEngine
    void find_ofUnknownTokens_isEmpty(Database db) {
        assertThat(db.tokens().findById(9)).isEmpty();
        assertThat(db.tokens().findByHash(TokenHash.of("lkp_nothing"))).isEmpty();
    }

    @EachEngine
    void listByUser_isNewestFirst_filteredByType_withoutDeletedOrOtherUsers(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        long otherId = Fixtures.user(db, "hubot").id();
        Token oldest = insert(db, Fixtures.token(userId, TokenType.CLASSIC, "a", null), T0);
        Token middle = insert(db, Fixtures.token(userId, TokenType.FINE_GRAINED, "b", null), at(Duration.ofMinutes(1)));
        Token session = insert(db, Fixtures.token(userId, TokenType.SESSION, "web", null), at(Duration.ofMinutes(2)));
        Token deleted = insert(db, Fixtures.token(userId, TokenType.CLASSIC, "c", null), at(Duration.ofMinutes(3)));
        Token newest = insert(db, Fixtures.token(userId, TokenType.CLASSIC, "d", null), at(Duration.ofMinutes(4)));
        insert(db, Fixtures.token(otherId, TokenType.CLASSIC, "a", null), T0);
        db.tokens().delete(deleted.id(), at(Duration.ofMinutes(5)));

        List<Token> personal = db.tokens().listByUser(userId, EnumSet.of(TokenType.CLASSIC, TokenType.FINE_GRAINED));

        assertThat(personal).extracting(Token::id).containsExactly(newest.id(), middle.id(), oldest.id());
        assertThat(db.tokens().listByUser(userId, List.of(TokenType.SESSION))).containsExactly(session);
        assertThat(db.tokens().listByUser(userId, List.of())).isEmpty();
    }

    @EachEngine
    void insert_ofALiveNameOfTheSameUser_isEmpty(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        long otherId = Fixtures.user(db, "hubot").id();
        insert(db, classic(userId, "laptop"), T0);

        assertThat(db.tokens().insert(classic(userId, "laptop"), T0)).isEmpty();
        assertThat(db.tokens().insert(Fixtures.token(userId, TokenType.FINE_GRAINED, "laptop", null), T0)).isEmpty();
        assertThat(db.tokens().insert(classic(otherId, "laptop"), T0)).isPresent();
        assertThat(db.tokens().insert(classic(userId, "Laptop"), T0)).isPresent();
    }

    @EachEngine
    void sessionTokens_neitherClashNorAreClashedWith(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        insert(db, Fixtures.token(userId, TokenType.SESSION, "web", null), T0);

        assertThat(db.tokens().insert(Fixtures.token(userId, TokenType.SESSION, "web", null), T0)).isPresent();
        assertThat(db.tokens().insert(classic(userId, "web"), T0)).isPresent();
        assertThat(db.tokens().insert(Fixtures.token(userId, TokenType.SESSION, "web", null), T0)).isPresent();
    }

    @EachEngine
    void revokedDeletedOrExpiredTokens_freeTheirName(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token revoked = insert(db, classic(userId, "revoked"), T0);
        db.tokens().revoke(revoked.id(), RevocationReason.REVOKED, T0);
        Token deleted = insert(db, classic(userId, "deleted"), T0);
        db.tokens().delete(deleted.id(), T0);
        insert(db, Fixtures.token(userId, TokenType.CLASSIC, "expiring", at(Duration.ofHours(1))), T0);

        assertThat(db.tokens().insert(classic(userId, "revoked"), T0)).isPresent();
        assertThat(db.tokens().insert(classic(userId, "deleted"), T0)).isPresent();
        assertThat(db.tokens().insert(classic(userId, "expiring"), at(Duration.ofMinutes(59)))).isEmpty();
        assertThat(db.tokens().insert(classic(userId, "expiring"), at(Duration.ofHours(1)))).isPresent();
    }

    @EachEngine
    void insert_forAnUnknownUser_fails(Database db) {
        assertThatThrownBy(() -> db.tokens().insert(classic(404, "x"), T0)).isInstanceOf(NoSuchElementException.class);
    }

    @EachEngine
    void updateDetails_changesOnlyTheGivenFields(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token token = insert(db, classic(userId, "old"), T0);

        Token renamed = db.tokens().updateDetails(token.id(), "new", null, T0).orElseThrow();
        Token described = db.tokens().updateDetails(token.id(), null, "what it is for", T0).orElseThrow();

        assertThat(renamed.name()).isEqualTo("new");
        assertThat(renamed.description()).isEqualTo(token.description());
        assertThat(described.name()).isEqualTo("new");
        assertThat(described.description()).isEqualTo("what it is for");
        assertThat(db.tokens().updateDetails(token.id(), "new", null, T0)).contains(described);
    }

    @EachEngine
    void updateDetails_toANameTakenByAnotherLiveToken_isEmptyAndChangesNothing(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        insert(db, classic(userId, "taken"), T0);
        Token token = insert(db, classic(userId, "mine"), T0);

        assertThat(db.tokens().updateDetails(token.id(), "taken", "changed", T0)).isEmpty();
        assertThat(db.tokens().findById(token.id())).contains(token);
    }

    @EachEngine
    void updateDetails_ofAnUnknownToken_fails(Database db) {
        assertThatThrownBy(() -> db.tokens().updateDetails(5, "x", null, T0)).isInstanceOf(NoSuchElementException.class);
    }

    @EachEngine
    void replaceSecret_swapsHashScopesAndExpiry(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token token = insert(db, classic(userId, "ci"), T0);
        TokenHash fresh = Fixtures.randomHash(TokenType.CLASSIC);

        Token replaced = db.tokens().replaceSecret(token.id(), fresh, Scopes.of(Scope.READ_USER), at(Duration.ofDays(7)));

        assertThat(replaced.hash()).isEqualTo(fresh);
        assertThat(replaced.scopes()).isEqualTo(Scopes.of(Scope.READ_USER));
        assertThat(replaced.expiresAt()).isEqualTo(at(Duration.ofDays(7)));
        assertThat(db.tokens().findByHash(token.hash())).isEmpty();
        assertThat(db.tokens().findByHash(fresh)).contains(replaced);
    }

    @EachEngine
    void replaceSecret_ofARevokedToken_fails(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token token = insert(db, classic(userId, "ci"), T0);
        db.tokens().revoke(token.id(), RevocationReason.REVOKED, T0);
        TokenHash fresh = Fixtures.randomHash(TokenType.CLASSIC);

        assertThatThrownBy(() -> db.tokens().replaceSecret(token.id(), fresh, Scopes.NONE, null))
                .isInstanceOf(IllegalStateException.class);
        assertThat(db.tokens().findByHash(fresh)).isEmpty();
        assertThat(db.tokens().findByHash(token.hash())).isPresent();
    }

    static Token insert(Database db, NewToken token, Instant createdAt) {
        NewToken at = new NewToken(token.userId(), token.type(), token.name(), token.description(), token.scopes(),
                token.hash(), createdAt, token.expiresAt(), token.familyId());
        return db.tokens().insert(at, createdAt).orElseThrow();
    }
}
