package org.latchkey.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential file: encrypted at rest, private, and refusing clearly when it cannot be read. */
class CredentialVaultTest {

    private static final String TOKEN = "lkp_abcdefghijklmnopqrstuvwxyz0123456789";
    private static final GitCredential CREDENTIAL = new GitCredential("https", "git.example.com", null, "ada", TOKEN);

    @TempDir
    Path temp;

    private final Map<String, String> env = new HashMap<>();

    @Test
    void the_file_holds_neither_the_token_nor_the_host_in_plain_text() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);

        vault.update(stored -> stored.storing(CREDENTIAL));

        String content = Files.readString(vault.file(), StandardCharsets.ISO_8859_1);
        assertThat(content).startsWith("latchkey-credentials v1 key=file\n").doesNotContain(TOKEN).doesNotContain("lkp_")
                .doesNotContain("git.example.com").doesNotContain("ada");
        assertThat(new String(Base64.getDecoder().decode(content.lines().skip(1).findFirst().orElseThrow()), StandardCharsets.ISO_8859_1))
                .doesNotContain(TOKEN).doesNotContain("git.example.com");
        assertThat(vault(KeyStoreChoice.FILE).load().entries()).containsExactly(CREDENTIAL);
    }

    @Test
    void the_directory_is_0700_and_the_file_and_its_key_are_0600() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);

        vault.update(stored -> stored.storing(CREDENTIAL));

        assertThat(mode(dir())).isEqualTo("rwx------");
        assertThat(mode(vault.file())).isEqualTo("rw-------");
        assertThat(mode(keyFile())).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile()).strip())).hasSize(32);
        try (var files = Files.list(dir())) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("credentials.enc", "credentials.key", "credentials.lock");
        }
    }

    @Test
    void each_write_uses_a_fresh_nonce_and_replaces_the_file() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);
        vault.update(stored -> stored.storing(CREDENTIAL));
        String first = Files.readString(vault.file());
        Object inode = Files.getAttribute(vault.file(), "unix:ino");

        vault.update(stored -> stored.storing(CREDENTIAL.withUsername("bob")));

        assertThat(Files.readString(vault.file()).lines().skip(1)).doesNotContainAnyElementsOf(first.lines().toList());
        assertThat(Files.getAttribute(vault.file(), "unix:ino")).isNotEqualTo(inode);
    }

    @Test
    void nothing_is_created_until_there_is_something_to_keep() {
        CredentialVault vault = vault(KeyStoreChoice.FILE);

        assertThat(vault.load()).isEqualTo(StoredCredentials.EMPTY);
        vault.update(stored -> stored.erasing(CREDENTIAL));

        assertThat(vault.file()).doesNotExist();
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void a_wrong_key_is_a_clear_error_and_changes_nothing() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);
        vault.update(stored -> stored.storing(CREDENTIAL));
        byte[] before = Files.readAllBytes(vault.file());
        Files.writeString(keyFile(), Base64.getEncoder().encodeToString(new byte[32]) + "\n");

        assertThatThrownBy(vault::load).isInstanceOf(CliFailure.class)
                .hasMessage("cannot decrypt " + vault.file() + " with the key in " + keyFile()
                        + ": the key is wrong or the file was changed; remove " + vault.file() + " to start over");
        assertThatThrownBy(() -> vault.update(stored -> stored.storing(CREDENTIAL.withUsername("bob"))))
                .isInstanceOf(CliFailure.class);
        assertThat(Files.readAllBytes(vault.file())).isEqualTo(before);
    }

    @Test
    void a_changed_header_or_body_does_not_decrypt() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);
        vault.update(stored -> stored.storing(CREDENTIAL));
        String content = Files.readString(vault.file());

        Files.writeString(vault.file(), content.replace("v1 key=file", "v1 key=file "));
        assertThatThrownBy(vault::load).hasMessageContaining("is not a Latchkey credential file");
        Files.writeString(vault.file(), content.substring(0, content.length() - 6) + "AAAA=\n");
        assertThatThrownBy(vault::load).hasMessageContaining("cannot decrypt");
        Files.writeString(vault.file(), "username=ada\npassword=" + TOKEN + "\n");
        assertThatThrownBy(vault::load).hasMessageContaining("is not a Latchkey credential file").hasMessageNotContaining(TOKEN);
    }

    @Test
    void a_missing_key_is_named_and_not_silently_replaced() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);
        vault.update(stored -> stored.storing(CREDENTIAL));
        Files.delete(keyFile());

        assertThatThrownBy(vault::load).hasMessage("the key of " + vault.file() + " is missing from " + keyFile()
                + "; remove " + vault.file() + " to start over");
        assertThatThrownBy(() -> vault.update(stored -> stored.storing(CREDENTIAL))).isInstanceOf(CliFailure.class);
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void a_key_file_others_may_read_is_refused() throws IOException {
        CredentialVault vault = vault(KeyStoreChoice.FILE);
        vault.update(stored -> stored.storing(CREDENTIAL));
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(vault::load).hasMessage(keyFile() + " may be read by other users: run chmod 600 " + keyFile());
    }

    @Test
    void auto_uses_the_keyring_when_secret_tool_and_a_session_bus_are_there() throws IOException {
        Path keyring = fakeSecretTool(true);
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus");
        CredentialVault vault = vault(KeyStoreChoice.AUTO);

        vault.update(stored -> stored.storing(CREDENTIAL));

        assertThat(Files.readString(vault.file())).startsWith("latchkey-credentials v1 key=keyring\n").doesNotContain(TOKEN);
        assertThat(keyFile()).doesNotExist();
        try (var items = Files.list(keyring)) {
            assertThat(items).hasSize(1);
        }
        assertThat(vault(KeyStoreChoice.FILE).load().entries()).as("the header decides once the file exists")
                .containsExactly(CREDENTIAL);
    }

    @Test
    void auto_uses_the_file_without_a_session_bus_or_when_the_keyring_refuses() throws IOException {
        fakeSecretTool(true);
        vault(KeyStoreChoice.AUTO).update(stored -> stored.storing(CREDENTIAL));
        assertThat(Files.readString(dir().resolve(CredentialVault.FILE_NAME))).startsWith("latchkey-credentials v1 key=file\n");

        Path other = temp.resolve("other");
        fakeSecretTool(false);
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus");
        CredentialVault refused = new CredentialVault(other, KeyStoreChoice.AUTO, environment(), new SecureRandom());
        refused.update(stored -> stored.storing(CREDENTIAL));
        assertThat(Files.readString(refused.file())).startsWith("latchkey-credentials v1 key=file\n");
        assertThat(refused.load().entries()).containsExactly(CREDENTIAL);
    }

    @Test
    void a_keyring_that_is_asked_for_but_absent_is_an_error() {
        env.put("PATH", temp.resolve("empty-bin").toString());

        assertThatThrownBy(() -> vault(KeyStoreChoice.KEYRING).update(stored -> stored.storing(CREDENTIAL)))
                .hasMessageContaining("secret-tool");
        assertThat(dir().resolve(CredentialVault.FILE_NAME)).doesNotExist();
    }

    @Test
    void the_choice_comes_from_the_option_then_the_variable_and_must_be_known() {
        CliEnvironment environment = new CliEnvironment(Map.of(KeyStoreChoice.VARIABLE, "File")::get, temp, System.in, () -> null);

        assertThat(KeyStoreChoice.of(null, environment)).isEqualTo(KeyStoreChoice.FILE);
        assertThat(KeyStoreChoice.of("keyring", environment)).isEqualTo(KeyStoreChoice.KEYRING);
        assertThat(KeyStoreChoice.of(null, environment())).isEqualTo(KeyStoreChoice.AUTO);
        assertThatThrownBy(() -> KeyStoreChoice.of("vault", environment)).hasMessage("--key-store must be auto, file or keyring");
    }

    @Test
    void a_vault_kept_under_user_home_by_earlier_versions_is_read_then_copied_under_home_on_the_first_change() throws IOException {
        Path userHome = temp.resolve("user-home");
        Path home = temp.resolve("home");
        new CredentialVault(userHome.resolve(".config/latchkey"), KeyStoreChoice.FILE, environment(), new SecureRandom())
                .update(stored -> stored.storing(CREDENTIAL));
        env.put("HOME", home.toString());
        CliEnvironment environment = new CliEnvironment(Map.copyOf(env)::get, userHome, System.in, () -> null);
        java.util.List<String> notices = new java.util.ArrayList<>();
        ConfigStore config = ConfigStore.locate(environment, notices::add);
        GitCredential other = new GitCredential("https", "other.example.com", null, "bob", "lkp_other");

        StoredCredentials read = new CredentialVault(config, KeyStoreChoice.FILE, environment, new SecureRandom()).load();
        new CredentialVault(config, KeyStoreChoice.FILE, environment, new SecureRandom()).update(stored -> stored.storing(other));

        assertThat(read.entries()).containsExactly(CREDENTIAL);
        Path newDir = home.resolve(".config/latchkey");
        assertThat(new CredentialVault(newDir, KeyStoreChoice.FILE, environment, new SecureRandom()).load().entries())
                .containsExactlyInAnyOrder(CREDENTIAL, other);
        assertThat(Files.readString(newDir.resolve("credentials.key"))).isNotEqualTo(
                Files.readString(userHome.resolve(".config/latchkey/credentials.key")));
        assertThat(notices).hasSize(2).allSatisfy(notice -> assertThat(notice)
                .contains("reading " + userHome.resolve(".config/latchkey/credentials.enc")).doesNotContain(TOKEN));
        assertThat(new CredentialVault(userHome.resolve(".config/latchkey"), KeyStoreChoice.FILE, environment, new SecureRandom())
                .load().entries()).containsExactly(CREDENTIAL);
    }

    /** A secret-tool that keeps secrets in files named by their attributes; {@code works=false} fails every store. */
    private Path fakeSecretTool(boolean works) throws IOException {
        Path bin = Files.createDirectories(temp.resolve(works ? "bin" : "broken-bin"));
        Path keyring = temp.resolve("keyring");
        Path script = bin.resolve("secret-tool");
        Files.writeString(script, """
                #!/bin/sh
                action="$1"; shift
                [ "$action" = store ] && shift
                name=$(printf '%%s ' "$@" | sha256sum | cut -c1-16)
                mkdir -p '%1$s'
                case "$action" in
                  store) %2$s cat > '%1$s'/"$name" ;;
                  lookup) [ -f '%1$s'/"$name" ] && cat '%1$s'/"$name" ;;
                esac
                """.formatted(keyring, works ? "" : "echo 'no keyring daemon' >&2; exit 1;"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        return keyring;
    }

    private CredentialVault vault(KeyStoreChoice choice) {
        return new CredentialVault(dir(), choice, environment(), new SecureRandom());
    }

    private CliEnvironment environment() {
        return new CliEnvironment(Map.copyOf(env)::get, temp, System.in, () -> null);
    }

    private Path dir() {
        return temp.resolve("config");
    }

    private Path keyFile() {
        return dir().resolve(FileVaultKey.FILE_NAME);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
