package org.latchkey.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.latchkey.crypto.AesGcm;

/**
 * The key in the desktop keyring, through {@code secret-tool}, under the attributes
 * {@code service=latchkey}, {@code type=credential-key} and {@code file=<the credential file>},
 * so that several config directories each have their own key.
 */
final class KeyringVaultKey implements VaultKey {

    static final String NAME = "keyring";

    private final SecretTool secretTool;
    private final Path vaultFile;

    KeyringVaultKey(SecretTool secretTool, Path vaultFile) {
        this.secretTool = secretTool;
        this.vaultFile = vaultFile.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String where() {
        return "the desktop keyring (secret-tool)";
    }

    @Override
    public Optional<byte[]> read() {
        return secretTool.lookup(attributes()).map(text -> VaultKey.decode(text, where()));
    }

    @Override
    public byte[] create(SecureRandom random) {
        byte[] key = AesGcm.newKey(random);
        secretTool.store("Latchkey git credentials key (" + vaultFile + ")", attributes(), VaultKey.encode(key));
        if (!read().map(kept -> Arrays.equals(kept, key)).orElse(false)) {
            throw new CliFailure(ExitCode.GENERAL, "the desktop keyring did not keep the credential key");
        }
        return key;
    }

    private Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("service", "latchkey");
        attributes.put("type", "credential-key");
        attributes.put("file", vaultFile.toString());
        return attributes;
    }
}
