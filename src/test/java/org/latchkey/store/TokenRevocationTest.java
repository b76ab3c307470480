package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.at;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.latchkey.token.NewToken;
import org.latchkey.token.RevocationReason;
import org.latchkey.token.Token;
import org.latchkey.token.TokenType;

class TokenRevocationTest {

    private static final Instant LATER = at(Duration.ofHours(1));
    private static final Instant MUCH_LATER = at(Duration.ofHours(2));

    @EachEngine
    void revoke_isIdempotent_keepingTheFirstTimeAndReason(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);

        Token revoked = db.tokens().revoke(token.id(), RevocationReason.REVOKED, LATER);
        Token again = db.tokens().revoke(token.id(), RevocationReason.SIGNED_OUT, MUCH_LATER);

        assertThat(revoked.revokedAt()).isEqualTo(LATER);
        assertThat(revoked.revocationReason()).isEqualTo(RevocationReason.REVOKED);
        assertThat(again).isEqualTo(revoked);
        assertThat(db.tokens().findByHash(token.hash())).contains(revoked);
    }

    @EachEngine
    void revoke_ofAnUnknownToken_fails(Database db) {
        assertThatThrownBy(() -> db.tokens().revoke(3, RevocationReason.REVOKED, T0))
                .isInstanceOf(NoSuchElementException.class);
    }

    @EachEngine
    void revokeFamily_revokesOnlyItsLiveMembers_andReturnsThem(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token first = insert(db, classic(userId, "one"), T0);
        Token second = insert(db, member(classic(userId, "two"), first.familyId()), T0);
        Token third = insert(db, member(classic(userId, "three"), first.familyId()), T0);
        Token stranger = insert(db, classic(userId, "other"), T0);
        db.tokens().revoke(second.id(), RevocationReason.ROTATED, T0);

        List<Token> revoked = db.tokens().revokeFamily(first.familyId(), RevocationReason.REUSE_DETECTED, LATER);

        assertThat(revoked).extracting(Token::id).containsExactlyInAnyOrder(first.id(), third.id());
        assertThat(revoked).allSatisfy(token -> {
            assertThat(token.revokedAt()).isEqualTo(LATER);
            assertThat(token.revocationReason()).isEqualTo(RevocationReason.REUSE_DETECTED);
        });
        assertThat(db.tokens().findById(second.id()).orElseThrow().revocationReason()).isEqualTo(RevocationReason.ROTATED);
        assertThat(db.tokens().findById(stranger.id()).orElseThrow().revokedAt()).isNull();
        assertThat(db.tokens().revokeFamily(first.familyId(), RevocationReason.REUSE_DETECTED, MUCH_LATER)).isEmpty();
    }

    @EachEngine
    void delete_revokesAndHides_butFindByIdStillSeesIt(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token token = insert(db, classic(userId, "ci"), T0);

        Token deleted = db.tokens().delete(token.id(), LATER);

        assertThat(deleted.deletedAt()).isEqualTo(LATER);
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.revokedAt()).isEqualTo(LATER);
        assertThat(deleted.revocationReason()).isEqualTo(RevocationReason.DELETED);
        assertThat(db.tokens().findById(token.id())).contains(deleted);
        assertThat(db.tokens().listByUser(userId, List.of(TokenType.CLASSIC))).isEmpty();
        assertThat(db.tokens().delete(token.id(), MUCH_LATER)).isEqualTo(deleted);
    }

    @EachEngine
    void delete_ofARevokedToken_keepsItsRevocation(Database db) {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        db.tokens().revoke(token.id(), RevocationReason.REVOKED, LATER);

        Token deleted = db.tokens().delete(token.id(), MUCH_LATER);

        assertThat(deleted.revokedAt()).isEqualTo(LATER);
        assertThat(deleted.revocationReason()).isEqualTo(RevocationReason.REVOKED);
        assertThat(deleted.deletedAt()).isEqualTo(MUCH_LATER);
    }

    @EachEngine
    void rotate_revokesTheOldAsRotated_andStoresTheNewInItsFamily(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token old = insert(db, classic(userId, "ci"), T0);

        Token replacement = db.tokens().rotate(old.id(), classic(userId, "ci"), LATER);

        Token rotated = db.tokens().findById(old.id()).orElseThrow();
        assertThat(rotated.revokedAt()).isEqualTo(LATER);
        assertThat(rotated.revocationReason()).isEqualTo(RevocationReason.ROTATED);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(replacement.familyId()).isEqualTo(old.familyId());
        assertThat(replacement.name()).isEqualTo("ci");
        assertThat(replacement.revokedAt()).isNull();
        assertThat(db.tokens().findByHash(replacement.hash())).contains(replacement);

        Token next = db.tokens().rotate(replacement.id(), classic(userId, "ci"), MUCH_LATER);
        assertThat(next.familyId()).isEqualTo(old.familyId());
    }

    @EachEngine
    void rotate_ofARevokedToken_failsAndStoresNothing(Database db) {
        long userId = Fixtures.user(db, "octocat").id();
        Token old = insert(db, classic(userId, "ci"), T0);
        db.tokens().revoke(old.id(), RevocationReason.REVOKED, LATER);
        NewToken replacement = classic(userId, "ci");

        assertThatThrownBy(() -> db.tokens().rotate(old.id(), replacement, MUCH_LATER))
                .isInstanceOf(IllegalStateException.class);
        assertThat(db.tokens().findByHash(replacement.hash())).isEmpty();
        assertThat(db.tokens().findById(old.id()).orElseThrow().revocationReason()).isEqualTo(RevocationReason.REVOKED);
    }

    private static NewToken member(NewToken token, long familyId) {
        return new NewToken(token.userId(), token.type(), token.name(), token.description(), token.scopes(),
                token.hash(), token.createdAt(), token.expiresAt(), familyId);
    }
}
