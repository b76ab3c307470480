package org.latchkey.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.latchkey.crypto.AesGcm;

/** Where the AES-256 key of the credential file is kept; its {@link #name()} is written in the file's header. */
interface VaultKey {

    /** {@code file} or {@code keyring}. */
    String name();

    /** Where the key is, for messages. */
    String where();

    /** The key, or empty when none was made yet. */
    Optional<byte[]> read();

    /** Makes, keeps and returns a new key. */
    byte[] create(SecureRandom random);

    /** The key as text: base64 of its 32 bytes; fails naming {@code where} when it is not one. */
    static byte[] decode(String text, String where) {
        try {
            byte[] key = Base64.getDecoder().decode(text.strip());
            if (key.length == AesGcm.KEY_BYTES) {
                return key;
            }
        } catch (IllegalArgumentException e) {
            // not base64: reported below
        }
        throw new CliFailure(ExitCode.GENERAL, "the key in " + where + " is not a credential key (base64 of 32 bytes)");
    }

    static String encode(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
