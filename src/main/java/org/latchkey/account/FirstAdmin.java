package org.latchkey.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.latchkey.audit.Origin;
import org.latchkey.crypto.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the first start (no users at all) creates the {@code admin} account with a random password
 * written to {@code DATA/initial-admin-password} (mode 0600), marked as generated so that the web
 * pages offer to change it. The console names the file, never the password. Once the password is
 * changed or reset the file is deleted: by the node that changed it at once, by any other node when
 * it next starts.
 */
public final class FirstAdmin {

    public static final String LOGIN = "admin";
    public static final String PASSWORD_FILE = "initial-admin-password";
    private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private FirstAdmin() {
    }

    public static void ensure(AccountService accounts, UserStore users, PasswordStore passwords, Path dataDir,
                              SecureRandom random) {
        if (accounts.hasUsers()) {
            if (users.findByLogin(LOGIN).filter(User::passwordGenerated).isEmpty()) {
                forgetPassword(dataDir);
            }
            return;
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
        LOG.info("Created the first administrator account '{}'. Its password is in {} (readable by you only);"
                + " sign in with: latchkey login --user {}", LOGIN, file.toAbsolutePath(), LOGIN);
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
