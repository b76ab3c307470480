package org.latchkey.account;

import java.nio.file.Path;

/**
 * What follows every change of a password, whoever made it: the user's cached tokens are dropped
 * (each carries the owner), the owner is told, and when the password replaced was the generated
 * one, its file {@code DATA/initial-admin-password} is deleted.
 */
public final class PasswordEvents {

    private final UserChanges cache;
    private final PasswordNotices notices;
    private final Path dataDir;

    public PasswordEvents(UserChanges cache, PasswordNotices notices, Path dataDir) {
        this.cache = cache;
        this.notices = notices;
        this.dataDir = dataDir;
    }

    void replaced(User user, boolean wasGenerated) {
        cache.userChanged(user.id());
        if (wasGenerated) {
            FirstAdmin.forgetPassword(dataDir);
        }
    }

    PasswordNotices notices() {
        return notices;
    }
}
