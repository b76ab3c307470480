package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
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
    void home_comes_from_the_home_variable_and_user_home_only_when_it_is_unset() {
        Path userHome = temp.resolve("user-home");

        assertThat(locate(userHome, Map.of("HOME", "/tmp/x"))).isEqualTo(Path.of("/tmp/x/.config/latchkey/config.json"));
        assertThat(locate(userHome, Map.of("HOME", "/tmp/x", "XDG_CONFIG_HOME", "/xdg"))).isEqualTo(Path.of("/xdg/latchkey/config.json"));
        assertThat(locate(userHome, Map.of())).isEqualTo(userHome.resolve(".config/latchkey/config.json"));
        assertThat(locate(userHome, Map.of("HOME", ""))).isEqualTo(userHome.resolve(".config/latchkey/config.json"));
    }

    @Test
    void a_login_kept_under_user_home_by_earlier_versions_is_read_with_a_notice_and_never_written_to() throws IOException {
        Path userHome = temp.resolve("user-home");
        Path home = temp.resolve("home");
        new ConfigStore(userHome.resolve(".config/latchkey")).save(new CliConfig("https://lk.example", "ada", "lks_old"));
        List<String> notices = new ArrayList<>();
        ConfigStore store = ConfigStore.locate(new CliEnvironment(Map.of("HOME", home.toString())::get, userHome, System.in,
                () -> null), notices::add);

        CliConfig read = store.load();
        store.save(read.withoutToken());

        assertThat(read).isEqualTo(new CliConfig("https://lk.example", "ada", "lks_old"));
        assertThat(notices).singleElement().asString()
                .contains("reading " + userHome.resolve(".config/latchkey/config.json"))
                .contains("changes are saved in " + home.resolve(".config/latchkey"))
                .contains("mv " + userHome.resolve(".config/latchkey") + " " + home.resolve(".config/latchkey"))
                .doesNotContain("lks_old");
        assertThat(store.file()).isEqualTo(home.resolve(".config/latchkey/config.json"));
        assertThat(store.load()).isEqualTo(new CliConfig("https://lk.example", "ada", null));
        assertThat(new ConfigStore(userHome.resolve(".config/latchkey")).load().token()).isEqualTo("lks_old");
        assertThat(notices).hasSize(1);
    }

    @Test
    void the_old_directory_is_not_read_when_the_config_directory_is_chosen_explicitly() throws IOException {
        Path userHome = temp.resolve("user-home");
        new ConfigStore(userHome.resolve(".config/latchkey")).save(new CliConfig("https://lk.example", "ada", "lks_old"));
        List<String> notices = new ArrayList<>();

        for (Map<String, String> env : List.of(Map.of("HOME", "/nowhere", "XDG_CONFIG_HOME", temp.resolve("xdg").toString()),
                Map.of("HOME", "/nowhere", "LATCHKEY_CONFIG_DIR", temp.resolve("lk").toString()))) {
            assertThat(ConfigStore.locate(new CliEnvironment(env::get, userHome, System.in, () -> null), notices::add).load())
                    .isEqualTo(CliConfig.EMPTY);
        }
        assertThat(notices).isEmpty();
    }

    @Test
    void the_token_is_not_in_the_configs_string_form() {
        assertThat(new CliConfig("https://lk.example", "ada", "lks_secret").toString()).doesNotContain("lks_secret");
    }

    private static Path locate(Path home, Map<String, String> env) {
        return ConfigStore.locate(new CliEnvironment(env::get, home, System.in, () -> null), notice -> { }).file();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
