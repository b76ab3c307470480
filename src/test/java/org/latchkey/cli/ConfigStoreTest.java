package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

    @TempDir
    Path temp;

    @Test
    void save_creates_the_directory_0700_and_the_file_0600() throws IOException {
        ConfigStore store = new ConfigStore(temp.resolve("a/latchkey"));

        store.save(new CliConfig("https://lk.example", "ada", "lks_secret"));

        assertThat(permissions(temp.resolve("a/latchkey"))).isEqualTo("rwx------");
        assertThat(permissions(store.file())).isEqualTo("rw-------");
        assertThat(store.load()).isEqualTo(new CliConfig("https://lk.example", "ada", "lks_secret"));
    }

    @Test
    void a_loose_existing_file_is_replaced_by_a_0600_one() throws IOException {
        ConfigStore store = new ConfigStore(temp);
        Files.writeString(store.file(), "{}");
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        store.save(new CliConfig("https://lk.example", "ada", "lks_secret"));

        assertThat(permissions(store.file())).isEqualTo("rw-------");
    }

    @Test
    void save_moves_a_new_file_into_place_and_leaves_no_temporary_file() throws IOException {
        ConfigStore store = new ConfigStore(temp);
        store.save(new CliConfig("https://lk.example", "ada", "lks_one"));
        Object before = Files.getAttribute(store.file(), "unix:ino");

        store.save(new CliConfig("https://lk.example", "ada", "lks_two"));

        assertThat(Files.getAttribute(store.file(), "unix:ino")).isNotEqualTo(before);
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(store.file());
        }
        assertThat(store.load().token()).isEqualTo("lks_two");
    }

    @Test
    void a_failed_write_reports_the_file_and_leaves_no_temporary_file() throws IOException {
        ConfigStore store = new ConfigStore(temp);
        Files.createDirectories(store.file().resolve("in-the-way"));

        assertThatThrownBy(() -> store.save(new CliConfig("https://lk.example", "ada", "lks_secret")))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("cannot write " + store.file())
                .hasMessageNotContaining("lks_secret");
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(store.file());
        }
    }

    @Test
    void a_missing_file_is_an_empty_config_and_a_corrupt_one_is_named() throws IOException {
        ConfigStore store = new ConfigStore(temp);
        assertThat(store.load()).isEqualTo(CliConfig.EMPTY);

        Files.writeString(store.file(), "{not json");

        assertThatThrownBy(store::load).isInstanceOf(CliFailure.class).hasMessageContaining(store.file().toString());
    }

    @Test
    void logging_out_keeps_server_and_user_but_drops_the_token() {
        ConfigStore store = new ConfigStore(temp);
        store.save(new CliConfig("https://lk.example", "ada", "lks_secret").withoutToken());

        assertThat(store.load()).isEqualTo(new CliConfig("https://lk.example", "ada", null));
    }

    @Test
    void the_directory_is_latchkey_config_dir_then_xdg_config_home_then_home_config() {
        Path home = temp.resolve("home");

        assertThat(locate(home, Map.of("LATCHKEY_CONFIG_DIR", "/x/lk", "XDG_CONFIG_HOME", "/xdg"))).isEqualTo(Path.of("/x/lk/config.json"));
        assertThat(locate(home, Map.of("XDG_CONFIG_HOME", "/xdg"))).isEqualTo(Path.of("/xdg/latchkey/config.json"));
        assertThat(locate(home, Map.of("XDG_CONFIG_HOME", " "))).isEqualTo(home.resolve(".config/latchkey/config.json"));
    }

    @Test
    void the_token_is_not_in_the_configs_string_form() {
        assertThat(new CliConfig("https://lk.example", "ada", "lks_secret").toString()).doesNotContain("lks_secret");
    }

    private static Path locate(Path home, Map<String, String> env) {
        return ConfigStore.locate(new CliEnvironment(env::get, home, System.in, () -> null)).file();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
