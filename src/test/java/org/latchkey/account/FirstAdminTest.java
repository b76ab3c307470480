package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.LogCapture;
import org.latchkey.audit.AuditLog;
import org.latchkey.store.TestDatabases;

/**
 * The first administrator's generated password: marked as generated, and its file kept while it is,
 * deleted at start (as by a node that did not make the change) once the password was changed.
 */
class FirstAdminTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @TempDir
    Path data;

    @Test
    void the_file_stays_while_the_password_is_the_generated_one_and_goes_at_the_next_start_after_a_change() throws Exception {
        try (TestDatabases.Fresh fresh = TestDatabases.freshH2()) {
            var db = fresh.database();
            Clock clock = Clock.systemUTC();
            AccountService accounts = new AccountService(db.users(), new Passwords(new SecureRandom(), 1024, 1),
                    new AuditLog(db.audit(), clock), clock);
            Path file = data.resolve(FirstAdmin.PASSWORD_FILE);

            FirstAdmin.ensure(accounts, db.users(), db.passwords(), data, new SecureRandom());
            User admin = db.users().findByLogin(FirstAdmin.LOGIN).orElseThrow();
            assertThat(admin.passwordGenerated()).isTrue();
            assertThat(file).exists();
            FirstAdmin.ensure(accounts, db.users(), db.passwords(), data, new SecureRandom());
            assertThat(file).as("still in use").exists();

            db.passwords().replace(admin.id(), "$argon2id$changed", 0, clock.instant());
            assertThat(db.users().findById(admin.id()).orElseThrow().passwordGenerated()).isFalse();
            FirstAdmin.ensure(accounts, db.users(), db.passwords(), data, new SecureRandom());

            assertThat(Files.exists(file)).isFalse();
            assertThat(logs.text()).contains("The initial administrator password is no longer in use; deleted");
        }
    }
}
