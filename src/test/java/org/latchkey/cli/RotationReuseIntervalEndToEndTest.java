package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.cli.OrgEndToEndTest.json;
import static org.latchkey.cli.OrgEndToEndTest.ok;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.latchkey.MutableClock;

/**
 * The seed's rotation steps from the command line: {@code token rotate-self}, then "check that the
 * old secret fails". Within the reuse interval the check is refused as rotated and the new token
 * keeps working; after it, the old secret is taken for a stolen copy and revokes the family.
 */
class RotationReuseIntervalEndToEndTest {

    private static final MutableClock CLOCK = MutableClock.startingNow();

    @RegisterExtension
    static final LatchkeyServerExtension SERVER = new LatchkeyServerExtension(CLOCK);

    @TempDir
    Path temp;

    @Test
    void checking_that_the_old_secret_fails_right_after_rotate_self_keeps_the_new_token_working() {
        CliRunner admin = SERVER.signedInAdmin(temp.resolve("admin"));
        String old = json(admin.run("token", "create", "--name", "nightly", "--scopes", "repo,self_rotate", "--json"))
                .path("token").asText();
        CliRunner script = new CliRunner(temp.resolve("script")).env("LATCHKEY_SERVER", SERVER.url());

        String replacement = ok(script.env("LATCHKEY_TOKEN", old).run("token", "rotate-self")).out().strip();
        CliRunner.Result oldFails = script.env("LATCHKEY_TOKEN", old).run("whoami");
        CliRunner.Result newWorks = script.env("LATCHKEY_TOKEN", replacement).run("whoami");
        CLOCK.advance(Duration.ofSeconds(61));
        CliRunner.Result reused = script.env("LATCHKEY_TOKEN", old).run("whoami");
        CliRunner.Result newAfterReuse = script.env("LATCHKEY_TOKEN", replacement).run("whoami");

        assertThat(oldFails.exitCode()).isEqualTo(3);
        assertThat(oldFails.err()).contains("This token was rotated on").contains("use its replacement");
        assertThat(newWorks.exitCode()).as(newWorks.err()).isZero();
        assertThat(reused.exitCode()).isEqualTo(3);
        assertThat(reused.err()).contains("whole family was revoked");
        assertThat(newAfterReuse.exitCode()).isEqualTo(3);
    }
}
