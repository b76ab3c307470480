package org.latchkey.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void first_start_creates_a_key_file_readable_by_the_owner_only_and_later_starts_reuse_it(@TempDir Path dir) throws Exception {
        ServerKey first = ServerKey.load(null, dir, random);
        String sealed = first.encrypt("JBSWY3DPEHPK3PXP");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(ServerKey.FILE_NAME))))
                .isEqualTo("rw-------");
        assertThat(sealed).doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(ServerKey.load(null, dir, random).decrypt(sealed)).isEqualTo("JBSWY3DPEHPK3PXP");
    }

    @Test
    void another_key_cannot_decrypt(@TempDir Path one, @TempDir Path two) {
        String sealed = ServerKey.load(null, one, random).encrypt("webhook secret");

        assertThatThrownBy(() -> ServerKey.load(null, two, random).decrypt(sealed))
                .hasMessageNotContaining("webhook secret").hasMessageContaining("cannot decrypt");
    }

    @Test
    void a_configured_key_is_used_instead_of_the_file(@TempDir Path dir) {
        String configured = java.util.Base64.getEncoder().encodeToString(new byte[32]);

        ServerKey key = ServerKey.load(configured, dir, random);

        assertThat(key.decrypt(key.encrypt("x"))).isEqualTo("x");
        assertThat(dir.resolve(ServerKey.FILE_NAME)).doesNotExist();
    }
}
