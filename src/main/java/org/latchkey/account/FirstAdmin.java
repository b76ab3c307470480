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
 * written to {@code DATA/initial-admin-password} (mode 0600), marked as generated so that the web
 * pages offer to change it. Once the server listens, the console names the file, never the password,
 * and a sign-in command that works as printed. Once the password is changed or reset the file is
 * deleted: by the node that changed it at once, by any other node when it next starts.
 */
public final class FirstAdmin {

    public static final String LOGIN = "admin";
    public static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FirstAdmin() {
    }

    /** Creates the first administrator when there is no user; answers the password file it wrote, if it did. */
    public static Optional<Path> ensure(AccountService accounts, UserStore users, PasswordStore passwords, Path dataDir,
                                        SecureRandom random) {
        if (accounts.hasUsers()) {
            if (users.findByLogin(LOGIN).filter(User::passwordGenerated).isEmpty()) {
                forgetPassword(dataDir);
            }
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
        passwords.markGenerated(accounts.create(LOGIN, null, password, true, null, Origin.INTERNAL).id());
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

    /** Deletes {@code DATA/initial-admin-password}, if it is there, and says so on the console. */
    static void forgetPassword(Path dataDir) {
        Path file = dataDir.resolve(PASSWORD_FILE);
        try {
            if (java.nio.file.Files.deleteIfExists(file)) {
                LOG.info("The initial administrator password is no longer in use; deleted {}", file.toAbsolutePath());
            }
        } catch (IOException e) {
            LOG.warn("The initial administrator password is no longer in use, but {} could not be deleted ({}): delete it",
                    file.toAbsolutePath(), e.getClass().getSimpleName());
        }
    }

    private static String randomPassword(SecureRandom random) {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
