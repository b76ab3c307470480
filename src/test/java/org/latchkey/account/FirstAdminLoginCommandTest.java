package org.latchkey.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sign-in command the first start prints: one a shell runs as printed, whatever the data directory's name. */
class FirstAdminLoginCommandTest {

    @Test
    void plain_addresses_and_paths_are_printed_as_they_are() {
        assertThat(FirstAdmin.loginCommand(Path.of("/srv/latchkey-data/initial-admin-password"), "https://latchkey.example.com"))
                .isEqualTo("latchkey login --server https://latchkey.example.com --user admin --password-stdin"
                        + " < /srv/latchkey-data/initial-admin-password");
    }

    @Test
    void a_path_or_address_a_shell_would_split_or_expand_is_quoted() {
        assertThat(FirstAdmin.loginCommand(Path.of("/home/ada/my data/it's $HOME/initial-admin-password"), "http://[::1]:8080"))
                .isEqualTo("latchkey login --server 'http://[::1]:8080' --user admin --password-stdin"
                        + " < '/home/ada/my data/it'\\''s $HOME/initial-admin-password'");
    }
}
