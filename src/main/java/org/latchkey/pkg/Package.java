package org.latchkey.pkg;

import java.time.Instant;
import java.util.Locale;
import org.latchkey.access.Target;

/**
 * An npm package, owned by a user or an organisation as a repository is: {@code @owner/name}, where
 * the scope is the owner's login in lower case. {@code revision} counts its changes (npm's
 * {@code _rev}), so a change made from a stale copy can be refused.
 */
public record Package(long id, long ownerId, String ownerLogin, String name, boolean isPrivate, long revision,
                      Instant createdAt, Instant updatedAt) {

    /** {@code @owner/name}, as npm names it. */
    public String fullName() {
        return "@" + ownerLogin.toLowerCase(Locale.ROOT) + "/" + name;
    }

    /** This package as the target of an access decision. */
    public Target target() {
        return Target.pkg(ownerId, ownerLogin, name, isPrivate);
    }
}
