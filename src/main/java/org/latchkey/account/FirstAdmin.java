package org.latchkey.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.latchkey.audit.Origin;
import org.latchkey.crypto.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first start (no users at all) creates the {@code admin} account with a random password
 * written to {@code DATA/initial-admin-password} (mode 0600). Once the server listens, the console
 * names the file, never the password, and a sign-in command that works as printed.
 */
public final class FirstAdmin {

    public static final String LOGIN = "admin";
    public static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FirstAdmin() {
    }

    /** Creates the first administrator when there is no user; answers the password file it wrote, if it did. */
    public static Optional<Path> ensure(AccountService accounts, Path dataDir, SecureRandom random) {
        if (accounts.hasUsers()) {
            return Optional.empty();
        }
        String password = randomPassword(random);
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            java.nio.file.Files.deleteIfExists(file);
            SecretFiles.writeNew(file, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first admin's password to " + file, e);
        }
        accounts.create(LOGIN, null, password, true, null, Origin.INTERNAL);
        return Optional.of(file.toAbsolutePath());
    }

    /** Tells the console where the password is and how to sign in to the server at {@code serverUrl}. */
    public static void announce(Path passwordFile, String serverUrl) {
        LOG.info("Created the first administrator account '{}'. Its password is in {} (readable by you only);"
                + " sign in with: {}", LOGIN, passwordFile, loginCommand(passwordFile, serverUrl));
    }

    static String loginCommand(Path passwordFile, String serverUrl) {
        return "latchkey login --server " + shellWord(serverUrl) + " --user " + LOGIN + " --password-stdin < "
                + shellWord(passwordFile.toString());
    }

    private static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:@%+=,-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    private static String randomPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
