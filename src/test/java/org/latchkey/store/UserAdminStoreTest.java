package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.admin.Change;
import org.latchkey.admin.Deletion;

/** The administrators' store on both engines: concurrent changes never leave no active administrator; a deleted login is free. */
class UserAdminStoreTest {

    @EachEngine
    void two_administrators_removing_each_others_role_at_once_leave_one(Database db) throws Exception {
        for (int round = 0; round < 5; round++) {
            User a = admin(db, "a" + round);
            User b = admin(db, "b" + round);
            dropOtherAdmins(db, a, b);

            List<Change> changes = race(a.id(), b.id(), id -> db.userAdmin().setAdmin(id, false));

            assertThat(changes).containsExactlyInAnyOrder(Change.CHANGED, Change.LAST_ADMIN);
            assertThat(activeAdmins(db)).isEqualTo(1);
        }
    }

    @EachEngine
    void two_administrators_disabled_at_once_leave_one_active(Database db) throws Exception {
        for (int round = 0; round < 5; round++) {
            User a = admin(db, "a" + round);
            User b = admin(db, "b" + round);
            dropOtherAdmins(db, a, b);

            List<Change> changes = race(a.id(), b.id(), id -> db.userAdmin().setDisabled(id, true, T0));

            assertThat(changes).containsExactlyInAnyOrder(Change.CHANGED, Change.LAST_ADMIN);
            assertThat(activeAdmins(db)).isEqualTo(1);
            db.userAdmin().setDisabled(a.id(), false, T0);
            db.userAdmin().setDisabled(b.id(), false, T0);
        }
    }

    @EachEngine
    void a_deleted_accounts_login_is_free_and_names_only_the_new_account(Database db) {
        User old = Fixtures.user(db, "Octocat");

        Deletion deletion = db.userAdmin().delete(old.id(), null, T0).orElseThrow();
        User fresh = Fixtures.user(db, "octocat");

        assertThat(deletion.done()).isTrue();
        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(db.users().findByLogin("OCTOCAT").orElseThrow().id()).isEqualTo(fresh.id());
        assertThat(db.users().findById(old.id())).isEmpty();
        assertThat(db.userAdmin().count()).isEqualTo(1);
        assertThat(db.userAdmin().delete(old.id(), null, T0)).as("a tombstone is not deleted again").isEmpty();
        assertThat(db.users().findById(fresh.id())).isPresent();
    }

    private static User admin(Database db, String login) {
        return db.users().insert(new NewUser(login, login + "@example.org", true, "$argon2id$stub", T0)).orElseThrow();
    }

    private static void dropOtherAdmins(Database db, User a, User b) {
        for (var user : db.userAdmin().page(0, 100, T0)) {
            if (user.user().id() != a.id() && user.user().id() != b.id() && user.user().admin()) {
                db.userAdmin().setDisabled(user.user().id(), true, T0);
            }
        }
    }

    private static long activeAdmins(Database db) {
        return db.userAdmin().page(0, 100, T0).stream().filter(u -> u.user().admin() && !u.user().disabled()).count();
    }

    private static List<Change> race(long first, long second, LongFunction<Change> change) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Change>> futures = new ArrayList<>();
            for (long id : new long[] {first, second}) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return change.apply(id);
                }));
            }
            start.countDown();
            List<Change> changes = new ArrayList<>();
            for (Future<Change> future : futures) {
                changes.add(future.get());
            }
            return changes;
        } finally {
            pool.shutdownNow();
        }
    }
}
