package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.account.NewUser;
import org.latchkey.account.User;

class UserStoreTest {

    @EachEngine
    void insert_assignsIdAndKeepsFields(Database db) {
        User user = db.users().insert(new NewUser("Octo.Cat", "octo@example.org", true, "$argon2id$h", Fixtures.T0))
                .orElseThrow();

        assertThat(user.id()).isPositive();
        assertThat(user).isEqualTo(new User(user.id(), "Octo.Cat", "octo@example.org", true, Fixtures.T0));
        assertThat(db.users().findById(user.id())).contains(user);
        assertThat(db.users().count()).isEqualTo(1);
    }

    @EachEngine
    void findByLogin_ignoresCase(Database db) {
        User user = Fixtures.user(db, "Octo.Cat");

        assertThat(db.users().findByLogin("octo.cat")).contains(user);
        assertThat(db.users().findByLogin("OCTO.CAT")).contains(user);
        assertThat(db.users().findLogin("oCTO.cAT")).hasValueSatisfying(login -> {
            assertThat(login.user()).isEqualTo(user);
            assertThat(login.passwordHash()).isEqualTo("$argon2id$stub");
        });
        assertThat(db.users().findByLogin("octo")).isEmpty();
    }

    @EachEngine
    void insert_ofALoginTakenInAnotherCase_isEmpty(Database db) {
        Fixtures.user(db, "octocat");

        assertThat(db.users().insert(new NewUser("OctoCat", "x@example.org", false, "h", Fixtures.T0))).isEmpty();
        assertThat(db.users().count()).isEqualTo(1);
    }

    @EachEngine
    void findById_ofUnknownUser_isEmpty(Database db) {
        assertThat(db.users().findById(42)).isEmpty();
    }
}
