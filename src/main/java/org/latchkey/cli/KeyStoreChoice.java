package org.latchkey.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the key of a new credential file goes ({@code --key-store}, else
 * {@code LATCHKEY_CREDENTIAL_KEY_STORE}, else {@code auto}): {@code file} is {@code credentials.key}
 * beside it; {@code keyring} is the desktop keyring through {@code secret-tool}; {@code auto} is the
 * keyring when {@code secret-tool} is on the PATH and a D-Bus session is there
 * ({@code DBUS_SESSION_BUS_ADDRESS}), falling back to the file when the keyring will not keep it.
 * An existing credential file names its key's place in its header, which then wins.
 */
enum KeyStoreChoice {
    AUTO, FILE, KEYRING;

    static final String VARIABLE = "LATCHKEY_CREDENTIAL_KEY_STORE";

    static KeyStoreChoice of(String option, CliEnvironment environment) {
        String chosen = option != null ? option : environment.get(VARIABLE);
        if (chosen == null) {
            return AUTO;
        }
        try {
            return valueOf(chosen.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalid((option != null ? "--key-store" : VARIABLE) + " must be auto, file or keyring");
        }
    }

    /** The places to try, in order, for the key of a credential file that does not exist yet. */
    List<VaultKey> forNewFile(Path vaultFile, CliEnvironment environment) {
        VaultKey file = new FileVaultKey(vaultFile.resolveSibling(FileVaultKey.FILE_NAME));
        Optional<SecretTool> secretTool = SecretTool.locate(environment);
        List<VaultKey> places = new ArrayList<>();
        switch (this) {
            case FILE -> places.add(file);
            case KEYRING -> places.add(keyring(vaultFile, environment));
            case AUTO -> {
                if (secretTool.isPresent() && SecretTool.sessionBus(environment)) {
                    places.add(new KeyringVaultKey(secretTool.get(), vaultFile));
                }
                places.add(file);
            }
        }
        return places;
    }

    /** The place an existing credential file's header names. */
    static VaultKey named(String name, Path vaultFile, CliEnvironment environment) {
        return switch (name) {
            case FileVaultKey.NAME -> new FileVaultKey(vaultFile.resolveSibling(FileVaultKey.FILE_NAME));
            case KeyringVaultKey.NAME -> keyring(vaultFile, environment);
            default -> throw new IllegalArgumentException("unknown key store " + name);
        };
    }

    private static VaultKey keyring(Path vaultFile, CliEnvironment environment) {
        return SecretTool.locate(environment).<VaultKey>map(tool -> new KeyringVaultKey(tool, vaultFile))
                .orElseThrow(() -> new CliFailure(ExitCode.GENERAL,
                        "the desktop keyring needs secret-tool on the PATH (install libsecret-tools), or use --key-store file"));
    }
}
