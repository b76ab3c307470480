package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.latchkey.account.User;
import org.latchkey.token.TokenPolicy;

class TwoFactorStoreTest {

    private static byte[] hash(String name) {
        byte[] bytes = new byte[32];
        byte[] text = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, bytes, 0, text.length);
        return bytes;
    }

    @EachEngine
    void pending_isNotEnabled_untilConfirmedWithItsFirstStep(Database db) {
        User user = Fixtures.user(db, "grace");

        assertThat(db.twoFactor().putPending(user.id(), "sealed-1", Fixtures.T0)).isTrue();
        assertThat(db.twoFactor().enabled(user.id())).isFalse();
        assertThat(db.twoFactor().putPending(user.id(), "sealed-2", Fixtures.T0)).as("a restart replaces it").isTrue();
        assertThat(db.twoFactor().find(user.id()).orElseThrow().secretCiphertext()).isEqualTo("sealed-2");

        assertThat(db.twoFactor().enable(user.id(), 100, List.of(hash("a"), hash("b")), Fixtures.at(Duration.ofMinutes(1))))
                .isTrue();

        assertThat(db.twoFactor().enabled(user.id())).isTrue();
        assertThat(db.twoFactor().find(user.id()).orElseThrow().lastUsedStep()).isEqualTo(100);
        assertThat(db.twoFactor().unusedRecoveryCodes(user.id())).isEqualTo(2);
        assertThat(db.twoFactor().enable(user.id(), 101, List.of(), Fixtures.T0)).as("already enabled").isFalse();
        assertThat(db.twoFactor().putPending(user.id(), "sealed-3", Fixtures.T0)).as("already enabled").isFalse();
        assertThat(db.twoFactor().find(user.id()).orElseThrow().secretCiphertext()).isEqualTo("sealed-2");
    }

    @EachEngine
    void useStep_acceptsEachStepOnce_andNeverAnEarlierOne(Database db) {
        User user = Fixtures.user(db, "grace");
        db.twoFactor().putPending(user.id(), "sealed", Fixtures.T0);
        db.twoFactor().enable(user.id(), 100, List.of(), Fixtures.T0);

        assertThat(db.twoFactor().useStep(user.id(), 100)).as("the confirming code again").isFalse();
        assertThat(db.twoFactor().useStep(user.id(), 101)).isTrue();
        assertThat(db.twoFactor().useStep(user.id(), 101)).isFalse();
        assertThat(db.twoFactor().useStep(user.id(), 99)).isFalse();
        assertThat(db.twoFactor().useStep(user.id(), 103)).isTrue();
    }

    @EachEngine
    void recoveryCode_isUsableOnce_andOnlyByItsUser(Database db) {
        User grace = Fixtures.user(db, "grace");
        User mallory = Fixtures.user(db, "mallory");
        db.twoFactor().putPending(grace.id(), "sealed", Fixtures.T0);
        db.twoFactor().enable(grace.id(), 1, List.of(hash("a"), hash("b")), Fixtures.T0);

        assertThat(db.twoFactor().useRecoveryCode(mallory.id(), hash("a"), Fixtures.T0)).isFalse();
        assertThat(db.twoFactor().useRecoveryCode(grace.id(), hash("a"), Fixtures.T0)).isTrue();
        assertThat(db.twoFactor().useRecoveryCode(grace.id(), hash("a"), Fixtures.T0)).isFalse();
        assertThat(db.twoFactor().unusedRecoveryCodes(grace.id())).isEqualTo(1);
    }

    @EachEngine
    void replaceRecoveryCodes_dropsEveryOldCode(Database db) {
        User user = Fixtures.user(db, "grace");
        assertThat(db.twoFactor().replaceRecoveryCodes(user.id(), List.of(hash("x")), Fixtures.T0)).as("not enabled").isFalse();
        db.twoFactor().putPending(user.id(), "sealed", Fixtures.T0);
        db.twoFactor().enable(user.id(), 1, List.of(hash("a"), hash("b")), Fixtures.T0);
        db.twoFactor().useRecoveryCode(user.id(), hash("a"), Fixtures.T0);

        assertThat(db.twoFactor().replaceRecoveryCodes(user.id(), List.of(hash("c"), hash("d"), hash("e")), Fixtures.T0)).isTrue();

        assertThat(db.twoFactor().unusedRecoveryCodes(user.id())).isEqualTo(3);
        assertThat(db.twoFactor().useRecoveryCode(user.id(), hash("b"), Fixtures.T0)).isFalse();
        assertThat(db.twoFactor().useRecoveryCode(user.id(), hash("c"), Fixtures.T0)).isTrue();
    }

    @EachEngine
    void delete_removesTheSecretAndTheCodes(Database db) {
        User user = Fixtures.user(db, "grace");
        db.twoFactor().putPending(user.id(), "sealed", Fixtures.T0);
        db.twoFactor().enable(user.id(), 1, List.of(hash("a")), Fixtures.T0);

        assertThat(db.twoFactor().delete(user.id())).isTrue();

        assertThat(db.twoFactor().find(user.id())).isEmpty();
        assertThat(db.twoFactor().enabled(user.id())).isFalse();
        assertThat(db.twoFactor().unusedRecoveryCodes(user.id())).isZero();
        assertThat(db.twoFactor().delete(user.id())).isFalse();
    }

    @EachEngine
    void orgPolicy_keepsRequireTwoFactor(Database db) {
        User owner = Fixtures.user(db, "owner");
        long org = db.orgs().create("acme", owner.id(), Fixtures.T0).orElseThrow().id();

        assertThat(db.orgs().policy(org).requireTwoFactor()).isFalse();
        db.orgs().putPolicy(org, new TokenPolicy(false, 30, false, 90, true));
        assertThat(db.orgs().policy(org)).isEqualTo(new TokenPolicy(false, 30, false, 90, true));
        db.orgs().putPolicy(org, new TokenPolicy(true, null, true, null, false));
        assertThat(db.orgs().policy(org)).isEqualTo(new TokenPolicy(true, null, true, null, false));
    }
}
